using System.Security.Claims;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Notifications;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Notifications;

[KnownHandlersOnly]
public class IndexModel(InAppNotifications notices, CurrentWorkspace current, TimeProvider clock) : PageModel
{
    /// <summary>Tells the bell to count again after this member read something.</summary>
    public const string ReadEvent = "notifications-read";

    public string WorkspaceName => current.Active?.WorkspaceName ?? "";
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public List<Notification> Notices { get; private set; } = [];

    private Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Notices = await notices.LatestAsync(UserId, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetBellAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        return Partial("_Bell", new BellView(await notices.UnreadCountAsync(UserId, ct)));
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || !await notices.MarkReadAsync(UserId, id, ct)) return NotFound();
        if (!Request.IsHtmx()) return RedirectToPage();
        Response.Htmx(h => h.WithTrigger(ReadEvent));
        var notice = await notices.FindAsync(UserId, id, ct);
        return Partial("_NotificationRow", new NotificationRowView(notice!, Now));
    }

    /// <summary>Reads the notice and goes where it points; the link is always a path of this app.</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        var notice = await notices.FindAsync(UserId, id, ct);
        if (notice is null) return NotFound();
        await notices.MarkReadAsync(UserId, id, ct);
        return notice.Link is { } link && Url.IsLocalUrl(link) ? LocalRedirect(link) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        await notices.MarkAllReadAsync(UserId, ct);
        return RedirectToPage();
    }
}
