using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Data;
using Streamline.Web.Infrastructure;
using Streamline.Web.Pages.Conversations.Inbox;

namespace Streamline.Web.Pages.Admin.Conversations;

/// <summary>Every workspace's conversations for the back office: read-only, filtered by workspace, status, score and unread.</summary>
[KnownHandlersOnly]
public class IndexModel(InboxQuery inbox, StreamlineDbContext db) : PageModel
{
    public const string BasePath = "/admin/conversations";

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "score")] public int? Score { get; set; }
    [BindProperty(SupportsGet = true, Name = "unread")] public bool Unread { get; set; }
    [BindProperty(SupportsGet = true, Name = "workspace")] public Guid? Workspace { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public InboxFilterInput Filter => new(Status, null, Score, Unread);
    public IReadOnlyList<(Guid Id, string Name)> Workspaces { get; private set; } = [];
    public InboxResultsView Results { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var valid = Filter.Validate(ModelState);
        var page = valid ? await inbox.AllWorkspacesAsync(Filter.ToFilter(), Workspace, PageNumber, ct) : new InboxPage([], 0, 1);
        Results = new InboxResultsView(page, BasePath + Filter.Query(page.PageNumber, Workspace), p => BasePath + Filter.Query(p, Workspace), BasePath,
            ShowWorkspace: true, Filtered: !Filter.IsEmpty || Workspace is not null, Live: false,
            Error: valid ? null : string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        // Only workspaces that have conversations, so the choice stays short however many sign up. Ignoring the
        // workspace filter on the root query lifts it from the conversations subquery too.
        Workspaces = (await db.Workspaces.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
                .Where(w => db.Conversations.Any(c => c.WorkspaceId == w.Id))
                .OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(ct))
            .Select(w => (w.Id, w.Name)).ToList();
    }
}
