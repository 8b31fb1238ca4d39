using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.App;

public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    private sealed record DashboardFacts(bool TwoFactorEnabled, int Members, int Pending);


    public string Name { get; private set; } = "";
    public string WorkspaceName { get; private set; } = "";
    public int MemberCount { get; private set; }
    public int PendingInvitations { get; private set; }
    public int WorkspaceCount { get; private set; }
    public bool TwoFactorEnabled { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = Guid.Parse(users.GetUserId(User)!);
        var now = clock.GetUtcNow().UtcDateTime;
        Name = User.FindFirst("streamline:name")?.Value ?? User.Identity?.Name ?? "";
        WorkspaceName = current.Active?.WorkspaceName ?? "no workspace";
        WorkspaceCount = current.Memberships.Count;
        var workspaceId = current.Active?.WorkspaceId;

        // One round trip for the whole page: it is the page every customer lands on.
        var facts = await db.Users.Where(u => u.Id == userId)
            .Select(u => new DashboardFacts(
                u.TwoFactorEnabled,
                db.WorkspaceMembers.Count(m => m.WorkspaceId == workspaceId),
                db.WorkspaceInvitations.Count(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)))
            .SingleAsync(ct);
        TwoFactorEnabled = facts.TwoFactorEnabled;
        MemberCount = facts.Members;
        PendingInvitations = facts.Pending;
    }
}
