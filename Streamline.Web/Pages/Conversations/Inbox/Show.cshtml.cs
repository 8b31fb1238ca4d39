using Htmx;
using Microsoft.AspNetCore.Mvc;
using Streamline.Core.Channels;
using Streamline.Core.Commerce;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>
/// A conversation of the current workspace: transcript, lead panel, and the actions (take over, reply, give back,
/// close). An action answers with every region out of band and the new live stamp, so the page shows the result at
/// once and the next poll does not redo it.
/// </summary>
public class ShowModel(ConversationDetails details, ConversationInbox inbox, CommerceAttribution attribution, ChannelTemplates templates)
    : ConversationPageModel(details, inbox)
{
    public const string FlashKey = "InboxFlash";

    protected override bool AsAdmin => false;
    protected override string BaseUrlFor(Guid id) => $"/inbox/{id}";

    [TempData(Key = FlashKey)] public string? Flash { get; set; }

    protected override Task<IReadOnlyList<AttributedOrder>> OrdersAsync(Conversation conversation, CancellationToken ct) =>
        attribution.ForConversationAsync(conversation.WorkspaceId, conversation.Id, ct);

    public Task<IActionResult> OnGetReplyAsync(Guid id, CancellationToken ct) => RegionAsync(id, "_Reply", ct);

    public async Task<IActionResult> OnPostTakeOverAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await Inbox.TakeOverAsync(id, Actor, ct), ct);

    public async Task<IActionResult> OnPostGiveBackAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await Inbox.GiveBackAsync(id, Actor, ct), ct);

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await Inbox.CloseAsync(id, Actor, ct), ct);

    public async Task<IActionResult> OnPostReplyAsync(Guid id, string? text, CancellationToken ct) =>
        await AfterAsync(id, await Inbox.ReplyAsync(id, Actor, text, ct), ct, new Typed(text));

    /// <summary>A WhatsApp template, when the 24-hour window is closed: its parameters arrive one per line.</summary>
    public async Task<IActionResult> OnPostTemplateAsync(Guid id, Guid? template, string? parameters, CancellationToken ct)
    {
        var values = (parameters ?? "").Split('\n').Select(p => p.Trim()).Where(p => p.Length > 0).ToList<string?>();
        var result = template is { } templateId
            ? await templates.SendAsync(id, Actor, templateId, values, ct)
            : new InboxResult(InboxError.Invalid, "Choose a template.");
        return await AfterAsync(id, result, ct, new Typed(parameters));
    }

    /// <summary>Adds an approved template to the conversation's WhatsApp number, then shows the conversation again.</summary>
    public async Task<IActionResult> OnPostAddTemplateAsync(Guid id, string? name, string? language, int parameterCount, CancellationToken ct)
    {
        var result = await templates.AddForConversationAsync(id, name, language, parameterCount, ct);
        if (result.Error == InboxError.NotFound) return NotFound();
        Flash = result.Message;
        return Redirect(BaseUrlFor(id));
    }

    /// <summary>What was typed in the reply form: kept there when the reply was refused, so nothing is lost.</summary>
    private sealed record Typed(string? Text);

    private async Task<IActionResult> AfterAsync(Guid id, InboxResult result, CancellationToken ct, Typed? reply = null)
    {
        if (result.Error == InboxError.NotFound || !await LoadAsync(id, ct)) return NotFound();
        var refusedReply = reply is not null && !result.Succeeded;
        if (!Request.IsHtmx())
        {
            Flash = result.Message;
            return Redirect(BaseUrlFor(id));
        }
        var view = View with
        {
            Oob = true,
            ActionError = refusedReply ? null : result.Message,
            ReplyText = refusedReply ? reply!.Text : null,
            ReplyError = refusedReply ? result.Message : null,
        };
        return Partial(Regions + "_Regions.cshtml", view);
    }
}
