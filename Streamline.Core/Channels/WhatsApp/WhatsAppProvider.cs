using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Streamline.Core.Conversations;

namespace Streamline.Core.Channels.WhatsApp;

/// <summary>
/// The WhatsApp Cloud API (Graph API): <c>POST /{version}/{phone-number-id}/messages</c> for text and templates,
/// <c>GET /{version}/{phone-number-id}</c> as the connection test, <c>GET /{version}/{media-id}</c> then its URL for a
/// customer's file. Throttling (429, 130429, 131056), 5xx and timeouts are retried; any other refusal carries Graph's
/// <c>error.code</c> and words to the inbox.
/// </summary>
public sealed class WhatsAppProvider(ChannelHttp http, IOptions<ChannelOptions> options) : IChannelProvider
{
    /// <summary>Graph error codes that mean "too fast, try later": throughput, and the per-recipient pair limit.</summary>
    private static readonly HashSet<string> Throttled = ["4", "80007", "130429", "131056", "131048"];

    /// <summary>Graph's "more than 24 hours since the customer last replied".</summary>
    public const string ReEngagementCode = "131047";

    public ConversationChannel Channel => ConversationChannel.WhatsApp;
    public int MaxTextLength => ChannelRules.TextLimitOf(Channel).Max;

    private string Base => $"{options.Value.WhatsApp.ApiBase.TrimEnd('/')}/{options.Value.GraphApiVersion}";

    public async Task<ChannelCheck> TestConnectionAsync(MessagingChannel channel, ChannelCredentials credentials, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credentials.AccessToken)) return ChannelCheck.Failed("Enter the access token.");
        using var request = Request(HttpMethod.Get, $"{Base}/{Uri.EscapeDataString(credentials.AccountId)}?fields=display_phone_number,verified_name",
            credentials);
        try
        {
            using var response = await http.For(channel).SendAsync(request, ct);
            var body = await ReadJsonAsync(response, ct);
            if (response.IsSuccessStatusCode)
                return ChannelCheck.Passed($"Connected to {Str(body, "display_phone_number") ?? credentials.AccountId}" +
                                           (Str(body, "verified_name") is { } name ? $" ({name})." : "."));
            var (code, message) = Error(body, response.StatusCode);
            return ChannelCheck.Failed(response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => $"WhatsApp refused the access token: {message} (code {code}). Paste a new one from the app dashboard.",
                HttpStatusCode.NotFound or HttpStatusCode.BadRequest =>
                    $"WhatsApp found no phone number {credentials.AccountId} for this token: {message} (code {code}). Check the phone number id.",
                _ => $"WhatsApp answered {(int)response.StatusCode}: {message} (code {code}). Try again in a minute.",
            });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ChannelCheck.Failed("WhatsApp could not be reached. Try again in a minute.");
        }
    }

    public Task<ChannelCheck> ConnectAsync(MessagingChannel channel, ChannelCredentials credentials, Uri webhookUrl, CancellationToken ct) =>
        // The webhook is registered by the owner in Meta's app dashboard: nothing to call here.
        Task.FromResult(ChannelCheck.Passed("Paste the webhook URL and verify token into your Meta app's WhatsApp configuration."));

    public async Task<SendOutcome> SendAsync(MessagingChannel channel, ChannelCredentials credentials, OutboundChannelMessage message, CancellationToken ct)
    {
        var payload = new JsonObject { ["messaging_product"] = "whatsapp", ["recipient_type"] = "individual" };
        // A customer known only by their business-scoped user id (no phone number) is addressed by it.
        if (LooksLikeUserId(message.RecipientId)) payload["recipient"] = message.RecipientId;
        else payload["to"] = message.RecipientId;
        if (message.Template is { } template)
        {
            payload["type"] = "template";
            var t = new JsonObject { ["name"] = template.Name, ["language"] = new JsonObject { ["code"] = template.Language } };
            if (template.Parameters.Count > 0)
                t["components"] = new JsonArray(new JsonObject
                {
                    ["type"] = "body",
                    ["parameters"] = new JsonArray([.. template.Parameters.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
                });
            payload["template"] = t;
        }
        else
        {
            payload["type"] = "text";
            payload["text"] = new JsonObject { ["body"] = message.Text ?? "" };
        }

        using var request = Request(HttpMethod.Post, $"{Base}/{Uri.EscapeDataString(credentials.AccountId)}/messages", credentials);
        request.Content = JsonContent.Create(payload);
        try
        {
            using var response = await http.For(channel).SendAsync(request, ct);
            var body = await ReadJsonAsync(response, ct);
            if (response.IsSuccessStatusCode)
            {
                var id = body?["messages"]?[0]?["id"]?.GetValue<string>();
                return id is null ? new SendOutcome.RetryLater("WhatsApp accepted the message without an id.", null) : new SendOutcome.Sent(id);
            }
            var (code, text) = Error(body, response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500 || Throttled.Contains(code))
                return new SendOutcome.RetryLater($"{(int)response.StatusCode} {code}: {text}", RetryAfter(response));
            return new SendOutcome.Rejected(code, code == ReEngagementCode
                ? "More than 24 hours since the customer last wrote: WhatsApp takes only an approved template until they write again."
                : text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new SendOutcome.RetryLater(e is TaskCanceledException ? "WhatsApp did not answer in time." : $"WhatsApp could not be reached: {ChannelHttp.Describe(e)}", null);
        }
    }

    public async Task<FetchedMedia?> FetchMediaAsync(MessagingChannel channel, ChannelCredentials credentials, InboundMedia media, long maxBytes,
        CancellationToken ct)
    {
        var client = http.For(channel);
        using var lookup = Request(HttpMethod.Get, $"{Base}/{Uri.EscapeDataString(media.ProviderMediaId)}", credentials);
        using var found = await client.SendAsync(lookup, ct);
        if (found.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest) return null;
        found.EnsureSuccessStatusCode();
        var info = await ReadJsonAsync(found, ct);
        var url = Str(info, "url");
        if (url is null) return null;
        var type = Str(info, "mime_type") ?? media.ContentType ?? "application/octet-stream";
        // Too big for the upload rules: refused unread, as an empty file the rules turn away.
        if (info?["file_size"] is JsonValue size && size.TryGetValue<long>(out var bytes) && bytes > maxBytes) return new FetchedMedia([], type, media.FileName);

        using var download = Request(HttpMethod.Get, url, credentials);
        using var response = await client.SendAsync(download, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > maxBytes) return new FetchedMedia([], type, media.FileName);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new FetchedMedia([], type, media.FileName);
            buffer.Write(chunk, 0, read);
        }
        return new FetchedMedia(buffer.ToArray(), type, media.FileName);
    }

    /// <summary>A business-scoped user id (<c>US.1349…</c>) rather than a phone number's digits.</summary>
    public static bool LooksLikeUserId(string recipient) => recipient.Any(char.IsLetter);

    private static HttpRequestMessage Request(HttpMethod method, string url, ChannelCredentials credentials)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        return request;
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Graph's <c>error.code</c> and the most telling words it gave (<c>error_data.details</c> when present).</summary>
    private static (string Code, string Message) Error(JsonNode? body, HttpStatusCode status)
    {
        var error = body?["error"];
        var code = error?["code"] is JsonValue c ? c.ToJsonString().Trim('"') : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var details = Str(error?["error_data"], "details");
        var message = details ?? Str(error, "message") ?? $"HTTP {(int)status}";
        return (code, message);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } after
            ? after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
}
