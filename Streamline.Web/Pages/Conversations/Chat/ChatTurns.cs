using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Widget;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>What sending did: the stored message (and its pending answer), or why nothing was stored.</summary>
public sealed record SendResult(SentMessage? Sent, string? Refusal, bool Closed = false);

/// <summary>
/// The visitor's side of a conversation, the same for the widget and the portal: the greeting, sending (with files),
/// the history, and the reply's stream. The page models only decide whose conversation it is.
/// </summary>
public sealed class ChatTurns(
    StreamlineDbContext db, ConversationService conversations, ConversationLog log, ChatAttachmentStore files,
    AiResponder responder, ReplyRelay relay, StreamTicket tickets, FragmentRenderer fragments, IHostApplicationLifetime lifetime, TimeProvider clock,
    ILogger<ChatTurns> logger)
{
    public const string Partials = "/Pages/Conversations/Chat/";
    public const string DefaultGreeting = "Hi! How can we help you today?";
    public const string DeferredText = "Sorry, this is taking longer than usual \u2014 your answer will appear here shortly.";

    /// <summary>
    /// The widget's greeting (a setting) or else the campaign's: the conversation's own once it has one, before that
    /// the campaign a new conversation would get. Shown, never stored, so changing it changes it for everyone.
    /// </summary>
    public async Task<string> GreetingAsync(Guid workspaceId, WidgetSettings? settings, Guid? campaignId, CancellationToken ct)
    {
        if (settings?.GreetingOverride is { Length: > 0 } greeting) return greeting;
        var campaigns = db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(c => c.WorkspaceId == workspaceId);
        var campaign = campaignId is { } id
            ? await campaigns.Where(c => c.Id == id).Select(c => c.Greeting).FirstOrDefaultAsync(ct)
            : await campaigns.ActiveOn(ConversationChannel.Widget).Select(c => c.Greeting).FirstOrDefaultAsync(ct);
        return string.IsNullOrWhiteSpace(campaign) ? DefaultGreeting : campaign;
    }

    public string? OfflineNotice(WidgetSettings? settings) =>
        settings is not null && !BusinessHours.IsOpen(settings, clock.GetUtcNow()) ? settings.OfflineMessage : null;

    public Task<List<ChatMessage>> HistoryAsync(Guid conversationId, int after, CancellationToken ct) =>
        log.HistoryAsync(conversationId, Math.Max(0, after), ct);

    /// <summary>
    /// Checks the files, stores them and the message, starts the answer (<see cref="ReplyRelay"/>) and issues the ticket
    /// for its stream. Any refusal (too long, empty, a bad file, a closed conversation) leaves no message and no file behind.
    /// </summary>
    public async Task<SendResult> SendAsync(ChatTarget target, string? text, IReadOnlyList<IFormFile>? uploads, ChatLinks links, CancellationToken ct)
    {
        // Binding leaves the files null when the body was not a form at all (another content type).
        uploads ??= [];
        var streams = uploads.Select(u => u.OpenReadStream()).ToList();
        try
        {
            var (checkedFiles, problem) = await ChatAttachmentStore.CheckAsync(
                uploads.Select((u, i) => new ChatUpload(u.FileName, u.Length, streams[i])).ToList(), ct);
            if (problem is not null) return new SendResult(null, problem);

            var attachments = await files.SaveAsync(target.WorkspaceId, target.ConversationId, checkedFiles, ct);
            PostResult result;
            try
            {
                // On PostgreSQL a message without files carries its reply's credits hold; elsewhere the plan goes unused.
                var holdAhead = await responder.PlanHoldAheadAsync(target.WorkspaceId, ct);
                result = target.AsRead is { } asRead
                    ? await conversations.PostVisitorMessageAsync(asRead, text, attachments, ct, claimReply: true, holdAhead)
                    : await conversations.PostVisitorMessageAsync(target.ConversationId, text, attachments, ct, claimReply: true, holdAhead);
            }
            catch
            {
                // Not stored (the database failed, the request was cancelled, the conversation is gone): neither are its files.
                files.Delete(target.WorkspaceId, target.ConversationId, attachments);
                throw;
            }
            if (result.Message is null)
            {
                files.Delete(target.WorkspaceId, target.ConversationId, attachments);
                return new SendResult(null, result.Error, result.Outcome == PostOutcome.Closed);
            }
            if (result.AwaitsAi) relay.Start(result.Message, result.Turn);
            var pending = result.AwaitsAi
                ? new PendingReply(result.Message.Id, links.Stream(result.Message.Id, tickets.Issue(target, result.Message.Id)))
                : null;
            return new SendResult(new SentMessage(result.Message, pending), null);
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }
    }

    /// <summary>
    /// Streams the answer to one visitor message as server-sent events: "chunk" for each piece of text as the AI writes it
    /// (HTML encoded: it is swapped in as text), then "done" with the stored bubbles, which replace the streamed ones. The
    /// answer is usually under way already (<see cref="ReplyRelay"/>); otherwise this request answers it. The AI finishes
    /// and stores its answer even when the visitor leaves halfway; they see it with the history.
    /// </summary>
    public async Task StreamAsync(ActionContext context, Guid conversationId, Guid messageId)
    {
        var http = context.HttpContext;
        var response = http.Response;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx and friends would otherwise hold the events back
        await response.StartAsync(http.RequestAborted);

        var gone = false;
        async Task SendAsync(string name, string data)
        {
            if (gone) return;
            try
            {
                await response.WriteAsync(Event(name, data), http.RequestAborted);
                await response.Body.FlushAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                gone = true; // the visitor left: the answer is still stored
            }
        }

        Task SendChunkAsync(string text) => SendAsync("chunk", HtmlEncoder.Default.Encode(text));

        // The signed ticket named this message of this conversation, so it goes straight to the responder when no reply
        // is under way here (a message that no longer exists is NotNeeded).
        ReplyResult result;
        try
        {
            result = await (relay.Follow(messageId, SendChunkAsync, http.RequestAborted)
                            ?? responder.AnswerAsync(messageId, SendChunkAsync, lifetime.ApplicationStopping));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return; // the visitor left while following; the reply is still stored
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message is stored and still awaits its answer, which the background job gives. Failing the stream
            // instead would only make the browser reconnect and try again at once.
            logger.LogError(e, "Answering chat message {MessageId} failed; the background job will answer it", messageId);
            result = new ReplyResult(ReplyOutcome.Deferred, []);
        }

        var posted = result.Posted.Count > 0 ? result.Posted : await RepliesToAsync(messageId);
        string done;
        if (posted.Count > 0) done = await fragments.RenderAsync(context, Partials + "_Messages.cshtml", posted);
        else if (result.Outcome is ReplyOutcome.Deferred or ReplyOutcome.AlreadyHandled)
            done = await fragments.RenderAsync(context, Partials + "_Deferred.cshtml", messageId);
        // Nothing to answer (a person has the conversation now): the bubble goes. An event needs some data to fire.
        else done = "<!-- no reply -->";
        await SendAsync("done", done);
    }

    /// <summary>The answer someone else posted: the background job, or an earlier connection to this same stream.</summary>
    private async Task<IReadOnlyList<ChatMessage>> RepliesToAsync(Guid messageId) =>
        await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(m => m.ReplyToId == messageId).ToListAsync();

    /// <summary>One event; data spanning lines is sent as several data lines, which the browser joins with newlines.</summary>
    internal static string Event(string name, string data)
    {
        // Most events are one line (a streamed piece of text): one string, not a builder and the pieces of a split.
        if (data.AsSpan().IndexOfAny('\n', '\r') < 0) return string.Concat("event: ", name, "\ndata: ", data, "\n\n");
        var text = new StringBuilder("event: ").Append(name).Append('\n');
        foreach (var line in data.Split('\n')) text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        return text.Append('\n').ToString();
    }
}
