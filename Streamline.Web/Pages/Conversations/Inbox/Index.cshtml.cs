using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;
using Streamline.Web.Pages.Channels;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>The workspace's conversations, newest activity first, filtered in place by htmx and refreshed live.</summary>
[KnownHandlersOnly]
public class IndexModel(InboxQuery inbox, StreamlineDbContext db, CurrentWorkspace current, ChannelHealth health) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "campaign")] public Guid? Campaign { get; set; }
    [BindProperty(SupportsGet = true, Name = "score")] public int? Score { get; set; }
    [BindProperty(SupportsGet = true, Name = "unread")] public bool Unread { get; set; }
    [BindProperty(SupportsGet = true, Name = "channel")] public string? Channel { get; set; }
    // "p", because Razor Pages keeps the page's own path in the route value "page".
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public InboxFilterInput Filter => new(Status, Campaign, Score, Unread, Channel);
    public IReadOnlyList<(Guid Id, string Name)> Campaigns { get; private set; } = [];
    public InboxResultsView Results { get; private set; } = null!;
    public InboxLive Live { get; private set; } = null!;

    /// <summary>Channels with an open incident: their customers may be waiting on replies that do not arrive.</summary>
    public IReadOnlyList<ChannelRow> ChannelsInTrouble { get; private set; } = [];
    public bool CanManageChannels => current.IsOwner;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        // One URL answers with the whole page or, for htmx, the region it swaps: caches must keep both apart.
        Response.Htmx(h => h.WithVary());
        var live = new InboxLive("inbox-live", "/inbox?handler=live", await inbox.StampAsync(ct));
        var valid = Filter.Validate(ModelState);
        var page = valid ? await inbox.ListAsync(Filter.ToFilter(), PageNumber, ct) : new InboxPage([], 0, 1);
        Results = new InboxResultsView(page, "/inbox" + Filter.Query(page.PageNumber), p => "/inbox" + Filter.Query(p), "/inbox",
            ShowWorkspace: false, Filtered: !Filter.IsEmpty, Live: true,
            Error: valid ? null : string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        if (Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest()) return Partial("_Results", Results);

        Live = live;
        ChannelsInTrouble = [.. (await health.InTroubleAsync(ct)).Select(t => new ChannelRow(t.Channel, t.Health))];
        Campaigns = (await db.Campaigns.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        return Page();
    }

    /// <summary>
    /// Polled every few seconds with the stamp the page has as If-None-Match: 304 while nothing changed, otherwise
    /// the new poller and an event on which the list fetches itself again, filters and page kept.
    /// </summary>
    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        var stamp = await inbox.StampAsync(ct);
        var etag = InboxLive.ETag(stamp);
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ETag = etag;
        if (Request.Headers.IfNoneMatch.ToString() == etag) return StatusCode(StatusCodes.Status304NotModified);
        Response.Headers["HX-Trigger"] = InboxLive.ListEvent;
        return Partial("_Live", new InboxLive("inbox-live", "/inbox?handler=live", stamp));
    }
}
