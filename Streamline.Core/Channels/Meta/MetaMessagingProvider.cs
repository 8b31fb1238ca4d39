using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Streamline.Core.Conversations;

namespace Streamline.Core.Channels.Meta;

/// <summary>
/// The Graph Send API shared by Messenger and Instagram: <c>POST /{version}/{account id}/messages</c> with the Page access
/// token. Inside the 24-hour window a reply goes as <c>RESPONSE</c>; outside it only a person's reply may go, under the
/// <c>HUMAN_AGENT</c> tag, because Meta bans automated messages under that tag; the AI's is refused before sending.
/// </summary>
public abstract class MetaMessagingProvider(ChannelHttp http, IOptions<ChannelOptions> options) : IChannelProvider
{
    public abstract ConversationChannel Channel { get; }
    public abstract int MaxTextLength { get; }

    protected abstract ProviderEndpoint Endpoint(ChannelOptions options);

    /// <summary>What <see cref="TestConnectionAsync"/> reads of the account to show it was reached (<c>name</c>, <c>username</c>).</summary>
    protected abstract string NameField { get; }

    protected abstract string AccountNoun { get; }

    private string Url(string path) =>
        $"{Endpoint(options.Value).ApiBase.TrimEnd('/')}/{options.Value.GraphApiVersion}/{path}";

    public async Task<ChannelCheck> TestConnectionAsync(MessagingChannel channel, ChannelCredentials credentials, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credentials.AccountId) || string.IsNullOrWhiteSpace(credentials.AccessToken))
            return ChannelCheck.Failed($"Both the {AccountNoun} id and the Page access token are needed.");
        using var request = new HttpRequestMessage(HttpMethod.Get,
            Url($"{Uri.EscapeDataString(credentials.AccountId.Trim())}?fields={NameField}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken.Trim());
        try
        {
            using var response = await http.For(channel).SendAsync(request, ct);
            var json = await ReadJsonAsync(response, ct);
            if (response.IsSuccessStatusCode)
                return ChannelCheck.Passed($"Connected to the {AccountNoun} {json?[NameField]?.GetValue<string>() ?? credentials.AccountId}.");
            var (code, message) = Error(json, response.StatusCode);
            return ChannelCheck.Failed(code switch
            {
                "190" => $"Meta says the access token is invalid or expired ({message}). Generate a new Page access token.",
                "100" or "803" => $"Meta does not find the {AccountNoun} {credentials.AccountId} with this token ({message}).",
                "10" or "200" => $"The token lacks a permission this needs ({message}).",
                _ => $"Meta refused: {message} (code {code}).",
            });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ChannelCheck.Failed("Meta's Graph API could not be reached. Try again in a minute.");
        }
    }

    /// <summary>Meta's webhook is set up in the App Dashboard (URL and verify token shown to copy): nothing to call here.</summary>
    public Task<ChannelCheck> ConnectAsync(MessagingChannel channel, ChannelCredentials credentials, Uri webhookUrl, CancellationToken ct) =>
        Task.FromResult(ChannelCheck.Passed("Paste the webhook URL and verify token into the Meta App Dashboard."));

    public async Task<SendOutcome> SendAsync(MessagingChannel channel, ChannelCredentials credentials, OutboundChannelMessage message,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(message.Text)) return new SendOutcome.Rejected("unsupported", $"{Channel.Name()} messages are sent as text.");
        if (message.OutsideWindow && !message.WrittenByPerson)
            return new SendOutcome.Rejected("outside-window",
                "More than 24 hours since the customer last wrote: only a person may answer now (Meta's human agent tag).");

        var body = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = message.RecipientId },
            ["messaging_type"] = message.OutsideWindow ? "MESSAGE_TAG" : "RESPONSE",
            ["message"] = new JsonObject { ["text"] = message.Text },
        };
        if (message.OutsideWindow) body["tag"] = "HUMAN_AGENT";

        using var request = new HttpRequestMessage(HttpMethod.Post, Url($"{Uri.EscapeDataString(credentials.AccountId)}/messages"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken ?? "");
        try
        {
            using var response = await http.For(channel).SendAsync(request, ct);
            var json = await ReadJsonAsync(response, ct);
            if (response.IsSuccessStatusCode && json?["message_id"]?.GetValue<string>() is { Length: > 0 } id) return new SendOutcome.Sent(id);
            var (code, text) = Error(json, response.StatusCode);
            // 613: Meta's "calls to this API have exceeded the rate limit", the Graph API's own 429.
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500 || code == "613")
                return new SendOutcome.RetryLater($"{code}: {text}", response.Headers.RetryAfter?.Delta);
            return new SendOutcome.Rejected(code, text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new SendOutcome.RetryLater($"Meta's Graph API did not answer: {ChannelHttp.Describe(e)}", null);
        }
    }

    /// <summary>Attachment URLs are signed CDN links: fetched as they are, without the token.</summary>
    public async Task<FetchedMedia?> FetchMediaAsync(MessagingChannel channel, ChannelCredentials credentials, InboundMedia media,
        long maxBytes, CancellationToken ct)
    {
        if (!Uri.TryCreate(media.ProviderMediaId, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")) return null;
        using var response = await http.For(channel).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Gone) return null;
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > maxBytes) return null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            // Too big is as unavailable as gone, and stops the download rather than holding it all in memory.
            if (content.Length + read > maxBytes) return null;
            content.Write(buffer, 0, read);
        }
        var type = response.Content.Headers.ContentType?.MediaType ?? media.ContentType ?? "application/octet-stream";
        var name = media.FileName ?? response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        return new FetchedMedia(content.ToArray(), type, name);
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Graph errors: <c>{"error":{"message","type","code","error_subcode"}}</c>; the HTTP status when the body says nothing.</summary>
    private static (string Code, string Message) Error(JsonNode? json, HttpStatusCode status)
    {
        var error = json?["error"];
        var code = error?["code"] is JsonValue c
            ? c.TryGetValue<long>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : c.ToString()
            : ((int)status).ToString(CultureInfo.InvariantCulture);
        var message = error?["message"] is JsonValue m && m.TryGetValue<string>(out var s) ? s : $"HTTP {(int)status}";
        return (code, message);
    }
}

public sealed class MessengerProvider(ChannelHttp http, IOptions<ChannelOptions> options) : MetaMessagingProvider(http, options)
{
    public override ConversationChannel Channel => ConversationChannel.Messenger;

    public override int MaxTextLength => ChannelRules.TextLimitOf(Channel).Max;

    protected override ProviderEndpoint Endpoint(ChannelOptions options) => options.Messenger;
    protected override string NameField => "name";
    protected override string AccountNoun => "Page";
}

public sealed class InstagramProvider(ChannelHttp http, IOptions<ChannelOptions> options) : MetaMessagingProvider(http, options)
{
    public override ConversationChannel Channel => ConversationChannel.Instagram;

    public override int MaxTextLength => ChannelRules.TextLimitOf(Channel).Max;

    protected override ProviderEndpoint Endpoint(ChannelOptions options) => options.Instagram;
    protected override string NameField => "username";
    protected override string AccountNoun => "Instagram account";
}
