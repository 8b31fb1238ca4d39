using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Streamline.Core.Conversations;
using Streamline.Core.Widget;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>What sending did: the stored message (and its pending answer), or why nothing was stored.</summary>
public sealed record SendResult(SentMessage? Sent, string? Refusal, bool Closed = false);

/// <summary>
/// What the widget's and the portal's chat pages do over HTTP: the greeting, sending (with files), the history, and the
/// reply's stream as server-sent events. The turn itself is <see cref="ChatTurn"/>'s; the page models only decide whose
/// conversation it is.
/// </summary>
public sealed class ChatPages(ChatTurn turns, ConversationLog log, StreamTicket tickets, FragmentRenderer fragments, TimeProvider clock,
    ILogger<ChatPages> logger)
{
    public const string Partials = "/Pages/Conversations/Chat/";
    public const string DeferredText = "Sorry, this is taking longer than usual \u2014 your answer will appear here shortly.";

    public Task<string> GreetingAsync(Guid workspaceId, CancellationToken ct) => turns.GreetingAsync(workspaceId, ConversationChannel.Widget, ct);

    public string? OfflineNotice(WidgetSettings? settings) =>
        settings is not null && !BusinessHours.IsOpen(settings, clock.GetUtcNow()) ? settings.OfflineMessage : null;

    public Task<List<ChatMessage>> HistoryAsync(Guid conversationId, int after, CancellationToken ct) =>
        log.HistoryAsync(conversationId, Math.Max(0, after), ct);

    /// <summary>Stores the message and its files, starts the answer, and issues the ticket for its stream.</summary>
    public async Task<SendResult> SendAsync(ChatTarget target, string? text, IReadOnlyList<IFormFile>? uploads, ChatLinks links, CancellationToken ct)
    {
        // Binding leaves the files null when the body was not a form at all (another content type).
        uploads ??= [];
        var streams = uploads.Select(u => u.OpenReadStream()).ToList();
        try
        {
            var files = uploads.Select((u, i) => new ChatUpload(u.FileName, u.Length, streams[i])).ToList();
            var result = await turns.PostAsync(
                new IncomingMessage(target.WorkspaceId, target.Channel, target.ConversationId, text, files, target.AsRead), answerNow: true, ct);
            if (result.Message is null) return new SendResult(null, result.Error, result.Outcome == PostOutcome.Closed);
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
    /// answer is usually under way already (<see cref="ReplyRelay"/>); otherwise this request answers it (<see cref="ChatTurn.AnswerAsync"/>). The AI finishes
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

        // The signed ticket named this message of this conversation, so it goes straight to the turn (a message that no
        // longer exists is NotNeeded).
        ReplyResult result;
        try
        {
            result = await turns.AnswerAsync(conversationId, messageId, SendChunkAsync, http.RequestAborted);
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

        var posted = result.Posted.Count > 0 ? result.Posted : await turns.RepliesToAsync(messageId);
        string done;
        if (posted.Count > 0) done = await fragments.RenderAsync(context, Partials + "_Messages.cshtml", posted);
        else if (result.Outcome is ReplyOutcome.Deferred or ReplyOutcome.AlreadyHandled)
            done = await fragments.RenderAsync(context, Partials + "_Deferred.cshtml", messageId);
        // Nothing to answer (a person has the conversation now): the bubble goes. An event needs some data to fire.
        else done = "<!-- no reply -->";
        await SendAsync("done", done);
    }

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
