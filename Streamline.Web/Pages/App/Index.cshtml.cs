using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.App;

public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    public string Name { get; private set; } = "";
    public string WorkspaceName { get; private set; } = "";
    public int MemberCount { get; private set; }
    public int PendingInvitations { get; private set; }
    public int WorkspaceCount { get; private set; }
    public bool TwoFactorEnabled { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        Name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName;
        TwoFactorEnabled = user.TwoFactorEnabled;
        WorkspaceName = current.Active?.WorkspaceName ?? "no workspace";
        WorkspaceCount = current.Memberships.Count;
        if (current.Active is null) return;

        var now = clock.GetUtcNow().UtcDateTime;
        MemberCount = await db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == current.Id, ct);
        PendingInvitations = await db.WorkspaceInvitations.CountAsync(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
    }
}
