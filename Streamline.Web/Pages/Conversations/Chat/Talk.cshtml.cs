using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>
/// The portal chat at /talk: a signed-in customer talks to the house workspace's AI, with the widget's transcript,
/// sending and streaming (<see cref="ChatPages"/>). The conversation is theirs by user id; cookie and antiforgery as
/// on every other page. Nothing is created until they send their first message.
/// </summary>
[EnableRateLimiting(RateLimits.ChatPolicy)]
[KnownHandlersOnly]
[RequestSizeLimit(ChatAttachmentStore.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ChatAttachmentStore.MaxRequestBytes)]
public class TalkModel(StreamlineDbContext db, ConversationService conversations, ChatPages turns, StreamTicket tickets, CurrentWorkspace current) : PageModel
{
    /// <summary>Null when there is no house workspace to talk to (a fresh install without its SuperAdmin).</summary>
    public ChatShell? Shell { get; private set; }
    public string HouseName { get; private set; } = "";

    private Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var house = await db.Workspaces.AsNoTracking().Where(w => w.IsHouse).Select(w => new { w.Id, w.Name }).FirstOrDefaultAsync(ct);
        if (house is null) return Page();
        HouseName = house.Name;
        var settings = await db.WidgetSettings.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(w => w.WorkspaceId == house.Id, ct);
        // Not a campaign's greeting: a customer here has come for any of the house's services, not the one a visitor's
        // campaign would name. The house's own override still wins.
        var greeting = settings?.GreetingOverride is { Length: > 0 } chosen
            ? chosen
            : $"Hi! I'm the {house.Name} assistant. Ask me about any of our services, a quote or your project \u2014 what are you working on?";
        Shell = new ChatShell(ChatLinks.Portal, $"Talk to {house.Name}", greeting, turns.OfflineNotice(settings), null, null);
        return Page();
    }

    public async Task<IActionResult> OnGetMessagesAsync(int after, CancellationToken ct)
    {
        var house = await HouseIdAsync(ct);
        var conversation = house is { } id ? await ExistingAsync(id, ct) : null;
        Response.Headers.CacheControl = "no-store";
        if (conversation is null) return new NoContentResult();
        var messages = await turns.HistoryAsync(conversation.Id, after, ct);
        return messages.Count == 0 ? new NoContentResult() : Partial(ChatPages.Partials + "_Messages.cshtml", messages);
    }

    public async Task<IActionResult> OnPostMessagesAsync(string? text, List<IFormFile> files, CancellationToken ct)
    {
        if (await HouseIdAsync(ct) is not { } house) return NotFound();
        var conversation = await conversations.PortalConversationAsync(house, UserId, current.Active?.WorkspaceId, ct);
        return ChatResponses.Sent(this, await turns.SendAsync(ChatTarget.Portal(conversation), text, files, ChatLinks.Portal, ct));
    }

    public async Task<IActionResult> OnGetStreamAsync(Guid messageId, string? ticket, CancellationToken ct)
    {
        if (tickets.PortalConversation(UserId, messageId, ticket) is not { } conversationId) return StatusCode(StatusCodes.Status403Forbidden);
        await turns.StreamAsync(PageContext, conversationId, messageId);
        return new EmptyResult();
    }

    private Task<Guid?> HouseIdAsync(CancellationToken ct) =>
        db.Workspaces.AsNoTracking().Where(w => w.IsHouse).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);

    private Task<Conversation?> ExistingAsync(Guid house, CancellationToken ct) =>
        conversations.OpenPortalConversationAsync(house, UserId, ct);
}
