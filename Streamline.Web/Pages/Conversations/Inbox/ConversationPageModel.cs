using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Commerce;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Conversations;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>
/// What the workspace's conversation page and the admin's read-only one share: the page, each region on its own
/// and the live stamp. Each loads through <see cref="ConversationDetails"/>, scoped to the current workspace unless
/// <see cref="AsAdmin"/>, so another workspace's conversation is a 404 on every handler.
/// </summary>
[KnownHandlersOnly]
public abstract class ConversationPageModel(ConversationDetails details, ConversationInbox inbox) : PageModel
{
    public const string Regions = "/Pages/Conversations/Inbox/";

    protected ConversationInbox Inbox => inbox;
    protected abstract bool AsAdmin { get; }
    protected abstract string BaseUrlFor(Guid id);

    public ConversationView View { get; private set; } = null!;

    protected Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    protected InboxActor Actor => new(UserId, User.FindFirstValue("streamline:name") is { Length: > 0 } name ? name : "Someone from the team");

    /// <summary>Opening the page is reading it; the stamp is read after that, so the read itself does not look like news.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!AsAdmin && !(await inbox.MarkReadAsync(id, ct)).Succeeded) return NotFound();
        if (!await LoadAsync(id, ct)) return NotFound();
        View = View with { Orders = await OrdersAsync(View.Conversation, ct) };
        return Page();
    }

    /// <summary>The orders this conversation led to, shown beside the lead.</summary>
    protected virtual Task<IReadOnlyList<AttributedOrder>> OrdersAsync(Conversation conversation, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AttributedOrder>>([]);

    /// <summary>The transcript again, after the live poll saw a change; the viewer is looking at it, so it is read.</summary>
    public async Task<IActionResult> OnGetTranscriptAsync(Guid id, CancellationToken ct)
    {
        if (!AsAdmin) await inbox.MarkReadAsync(id, ct);
        return await RegionAsync(id, "_Transcript", ct);
    }

    public Task<IActionResult> OnGetPanelAsync(Guid id, CancellationToken ct) => RegionAsync(id, "_LeadPanel", ct);

    public Task<IActionResult> OnGetControlsAsync(Guid id, CancellationToken ct) => RegionAsync(id, "_Controls", ct);

    /// <summary>
    /// Polled every few seconds with the stamp the page has as If-None-Match: 304 while nothing changed; otherwise the
    /// new poller and the events the regions refresh on (the controls and the reply form only when the status or the
    /// holder changed, so a reply being typed is not wiped by each new message).
    /// </summary>
    public async Task<IActionResult> OnGetLiveAsync(Guid id, CancellationToken ct)
    {
        var current = await details.StampAsync(id, AsAdmin, ct);
        if (current is null) return NotFound();
        var stamp = InboxLive.Of(current);
        var etag = InboxLive.ETag(stamp);
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ETag = etag;
        var seen = Request.Headers.IfNoneMatch.ToString();
        if (seen == etag) return StatusCode(StatusCodes.Status304NotModified);
        Response.Headers["HX-Trigger"] = InboxLive.HoldPart(seen) == InboxLive.HoldPart(etag)
            ? InboxLive.ConversationEvent
            : $"{InboxLive.ConversationEvent}, {InboxLive.HoldEvent}";
        return Partial(Regions + "_Live.cshtml", new InboxLive("conversation-live", BaseUrlFor(id) + "/live", stamp));
    }

    protected async Task<IActionResult> RegionAsync(Guid id, string region, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Partial($"{Regions}{region}.cshtml", View) : NotFound();

    /// <summary>Stamp first, then the data: a change in between makes the next poll refresh rather than be missed.</summary>
    protected async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var stamp = await details.StampAsync(id, AsAdmin, ct);
        var detail = stamp is null ? null : await details.FindAsync(id, AsAdmin, ct);
        if (detail is null) return false;
        View = new ConversationView(detail, BaseUrlFor(id), ReadOnly: AsAdmin, UserId, InboxLive.Of(stamp!));
        return true;
    }
}
