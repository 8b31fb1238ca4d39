using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Streamline.Core.Conversations;
using Streamline.Core.Customers;
using Streamline.Core.Widget;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>
/// The chat inside the widget's iframe, at /chat/{key}: the shell (framed only by the workspace's allowed websites),
/// the loader's public config, and the visitor's requests. The visitor is whoever holds the token that
/// <see cref="OnPostStartAsync"/> gave out, sent in the <see cref="VisitorToken.Header"/> header.
/// </summary>
[AllowAnonymous]
// No antiforgery token: the visitor's identity is a header, which a page on another site cannot make the browser
// send (unlike an ambient cookie), so a cross-site forgery has nothing to ride on; and the token's cookie half
// would be blocked in a third-party iframe anyway.
[IgnoreAntiforgeryToken]
[EnableRateLimiting(RateLimits.ChatPolicy)]
[KnownHandlersOnly]
[RequestSizeLimit(ChatAttachmentStore.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ChatAttachmentStore.MaxRequestBytes)]
public class FrameModel(WidgetSettingsService widgets, ConversationService conversations, ChatPages turns, StreamTicket tickets,
    CustomerService customers, WidgetMessageCaps caps) : PageModel
{
    public ChatShell Shell { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        var settings = await widgets.FindByPublicKeyAsync(key, ct);
        if (settings is null) return NotFound();
        HttpContext.Features.Set(new FrameAncestorsFeature(
            settings.AllowedOrigins.Count > 0 ? string.Join(' ', settings.AllowedOrigins) : "'none'"));
        var notice = await customers.IsSuspendedAsync(settings.WorkspaceId, ct) ? CustomerService.UnavailableToVisitors : turns.OfflineNotice(settings);
        Shell = new ChatShell(ChatLinks.Widget(key), settings.Title, await turns.GreetingAsync(settings.WorkspaceId, ct),
            notice, key, settings.BrandColor);
        return Page();
    }

    /// <summary>
    /// What the loader needs to draw the launcher on the host page: public, readable from any site. A site that is not
    /// among the allowed websites gets no launcher, since the frame would refuse to show there anyway.
    /// </summary>
    public async Task<IActionResult> OnGetConfigAsync(string key, CancellationToken ct)
    {
        Response.Headers.AccessControlAllowOrigin = "*";
        Response.Headers.Vary = "Origin";
        var settings = await widgets.FindByPublicKeyAsync(key, ct);
        if (settings is null) return new JsonResult(new { error = "No widget has this key." }) { StatusCode = StatusCodes.Status404NotFound };
        var origin = Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !settings.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            return new JsonResult(new { error = $"{origin} is not among this widget's allowed websites." }) { StatusCode = StatusCodes.Status403Forbidden };
        Response.Headers.CacheControl = "public, max-age=60";
        return new JsonResult(new
        {
            title = settings.Title,
            color = settings.BrandColor,
            position = settings.LauncherPosition == LauncherPosition.BottomLeft ? "left" : "right",
        });
    }

    /// <summary>A new conversation on the visitor's first message; its token is theirs alone (only its hash is stored).</summary>
    public async Task<IActionResult> OnPostStartAsync(string key, CancellationToken ct)
    {
        var settings = await widgets.FindByPublicKeyAsync(key, ct);
        if (settings is null) return NotFound();
        if (!settings.AllowsCaller(CallerOrigin(), SelfOrigin)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await customers.IsSuspendedAsync(settings.WorkspaceId, ct))
        {
            // The polite words, made for the notice area as the rate limit's are; no conversation is started.
            var unavailable = Partial(ChatPages.Partials + "_Notice.cshtml", CustomerService.UnavailableToVisitors);
            unavailable.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return unavailable;
        }
        var (_, token) = await conversations.StartWidgetAsync(settings.WorkspaceId, ct);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { token });
    }

    /// <summary>The messages after <paramref name="after"/>: the whole history on load, then only what is new (204 when nothing is).</summary>
    public async Task<IActionResult> OnGetMessagesAsync(string key, int after, CancellationToken ct)
    {
        var (target, refusal) = await VisitorConversationAsync(key, ct);
        if (target is null) return refusal!;
        Response.Headers.CacheControl = "no-store";
        var messages = await turns.HistoryAsync(target.ConversationId, after, ct);
        return messages.Count == 0 ? new NoContentResult() : Partial(ChatPages.Partials + "_Messages.cshtml", messages);
    }

    public async Task<IActionResult> OnPostMessagesAsync(string key, string? text, List<IFormFile> files, CancellationToken ct)
    {
        var (target, refusal) = await VisitorConversationAsync(key, ct);
        if (target is null) return refusal!;
        if (await customers.IsSuspendedAsync(target.WorkspaceId, ct)) return ChatResponses.Notice(this, CustomerService.UnavailableToVisitors);
        if (await caps.RefusalAsync(target.WorkspaceId, target.ConversationId, ct) is { } busy)
            return ChatResponses.Notice(this, busy, status: StatusCodes.Status429TooManyRequests);
        return ChatResponses.Sent(this, await turns.SendAsync(target, text, files, ChatLinks.Widget(key), ct));
    }

    /// <summary>The answer's stream: EventSource sends no headers, so the ticket from the post stands in for the token.</summary>
    public async Task<IActionResult> OnGetStreamAsync(string key, Guid messageId, string? ticket, CancellationToken ct)
    {
        var settings = await widgets.FindByPublicKeyAsync(key, ct);
        if (settings is null) return NotFound();
        // The ticket names this workspace's widget, so another workspace's key cannot open it, and no read is needed.
        if (tickets.WidgetConversation(settings.WorkspaceId, messageId, ticket) is not { } conversationId) return StatusCode(StatusCodes.Status403Forbidden);
        await turns.StreamAsync(PageContext, conversationId, messageId);
        return new EmptyResult();
    }

    /// <summary>401 without a token, 404 for a key or token that opens nothing (or a token of another workspace's widget).</summary>
    private async Task<(ChatTarget?, IActionResult?)> VisitorConversationAsync(string key, CancellationToken ct)
    {
        var settings = await widgets.FindByPublicKeyAsync(key, ct);
        if (settings is null) return (null, NotFound());
        if (!settings.AllowsCaller(CallerOrigin(), SelfOrigin)) return (null, StatusCode(StatusCodes.Status403Forbidden));
        var token = Request.Headers[VisitorToken.Header].ToString();
        if (token.Length == 0) return (null, Unauthorized());
        return await conversations.ConversationIdByTokenAsync(settings.WorkspaceId, token, ct) is { } id
            ? (ChatTarget.Widget(settings.WorkspaceId, id), null)
            : (null, NotFound());
    }

    private string SelfOrigin => $"{Request.Scheme}://{Request.Host}";

    /// <summary>The Origin header, or the origin of the Referer when a browser sent no Origin; null when neither says.</summary>
    private string? CallerOrigin()
    {
        var origin = Request.Headers.Origin.ToString();
        if (origin.Length > 0) return origin;
        return Uri.TryCreate(Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            ? referer.GetLeftPart(UriPartial.Authority)
            : null;
    }
}
