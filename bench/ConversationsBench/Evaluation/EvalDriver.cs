using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Streamline.Core.Conversations;

namespace Streamline.Bench.Conversations;

/// <summary>What one scripted conversation produced: the visitor's turns, every reply, the stored contact and status.</summary>
public sealed record EvalTranscript(EvalConversation Script, List<string> Replies, int SilentTurns, Contact? Contact, bool HandedOff, List<string> Errors)
{
    /// <summary>The replies the AI wrote, without the app's own notices (a handoff's, for instance).</summary>
    public List<string> AiReplies { get; init; } = Replies;

    /// <summary>The conversation as read, for a person looking into a miss.</summary>
    public string Dump() =>
        $"--- {Script.Id}\n" + string.Join("\n", Script.Turns.Select(t => "visitor: " + t)) + "\n" + string.Join("\n", Replies.Select(r => "reply: " + r))
        + $"\ncontact: {Contact?.Name} | {Contact?.Email} | {Contact?.Phone} | {Contact?.Company} | {Contact?.TeamSize} | {Contact?.Budget} | {string.Join(" / ", Contact?.PainPoints ?? [])}";
}

/// <summary>
/// Talks to the app exactly as the widget's iframe does: /start for a token, each message posted as the form,
/// its reply stream read to the end; then reads what the conversation stored.
/// </summary>
public sealed partial class EvalDriver(Func<HttpClient> newClient, IServiceProvider services)
{
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(30);

    public async Task<EvalTranscript> RunAsync(EvalConversation script, string key)
    {
        using var http = newClient();
        var errors = new List<string>();
        var start = await http.PostAsync($"/chat/{key}/start", null);
        if (!start.IsSuccessStatusCode) return new(script, [], script.Turns.Count, null, false, [$"start answered {(int)start.StatusCode}"]);
        var token = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Guid? lastMessage = null;
        var silent = 0;
        foreach (var turn in script.Turns)
        {
            using var form = new MultipartFormDataContent { { new StringContent(turn), "text" } };
            var sent = await http.SendAsync(Request(HttpMethod.Post, $"/chat/{key}/messages", token, form));
            var html = await sent.Content.ReadAsStringAsync();
            if (sent.StatusCode != HttpStatusCode.OK || VisitorBubble().Match(html) is not { Success: true } bubble)
            {
                errors.Add($"send answered {(int)sent.StatusCode}");
                silent++;
                continue;
            }
            lastMessage = Guid.Parse(bubble.Groups[1].Value);
            if (StreamLink().Match(html) is { Success: true } link)
            {
                using var stream = await http.SendAsync(Request(HttpMethod.Get, WebUtility.HtmlDecode(link.Groups[1].Value), token), HttpCompletionOption.ResponseHeadersRead);
                await stream.Content.ReadAsStringAsync();
            }
            if (!await AnsweredAsync(lastMessage.Value)) silent++;
        }
        if (lastMessage is null) return new(script, [], silent, null, false, errors);
        var (conversation, messages) = await EvalWorld.ReadAsync(services, lastMessage.Value);
        var replies = messages.Where(m => m.Sender is MessageSender.Ai or MessageSender.System).Select(m => m.Text).ToList();
        return new(script, replies, silent, conversation.Contact, conversation.HandoffReason is not null || conversation.AiLocked, errors)
        {
            AiReplies = messages.Where(m => m.Sender == MessageSender.Ai).Select(m => m.Text).ToList(),
        };
    }

    /// <summary>A turn is answered once a reply to it is stored, or when the AI was told to stand aside for a person.</summary>
    private async Task<bool> AnsweredAsync(Guid messageId)
    {
        var deadline = DateTime.UtcNow + ReplyWait;
        while (true)
        {
            var (conversation, messages) = await EvalWorld.ReadAsync(services, messageId);
            if (messages.Any(m => m.ReplyToId == messageId && !string.IsNullOrWhiteSpace(m.Text))) return true;
            var mine = messages.Single(m => m.Id == messageId);
            // A conversation already handed to a person before this message: the team answers it, not the AI.
            if (conversation.AiLocked && mine.ReplyState != ReplyState.Awaiting
                && messages.Any(m => m.Sequence < mine.Sequence && m.Sender == MessageSender.System)) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add(VisitorToken.Header, token);
        return request;
    }

    [GeneratedRegex(@"chat-msg--visitor"" id=""msg-([0-9a-f-]{36})""")]
    private static partial Regex VisitorBubble();

    [GeneratedRegex(@"sse-connect=""([^""]+)""")]
    private static partial Regex StreamLink();
}
