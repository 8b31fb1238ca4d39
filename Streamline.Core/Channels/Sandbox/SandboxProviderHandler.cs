using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Sandbox;

/// <summary>
/// The simulated provider a sandbox channel's HTTP goes to: answers the Graph API calls (<c>/{id}/messages</c>,
/// <c>/{id}</c>, <c>/{id}/subscribed_apps</c>) and the Bot API methods (<c>getMe</c>, <c>setWebhook</c>,
/// <c>sendMessage</c>, <c>getFile</c>) the way the real ones do, errors included (a wrong token is Graph's 190 or
/// Telegram's 401), and records every message sent so the sandbox phone shows it. Nothing leaves the machine.
/// </summary>
public sealed class SandboxProviderHandler(MessagingChannel channel, ChannelCredentials credentials, IServiceScopeFactory scopes, TimeProvider clock)
    : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return channel.Channel == ConversationChannel.Telegram
            ? await TelegramAsync(request, segments, body, ct)
            : await GraphAsync(request, segments, body, ct);
    }

    private async Task<HttpResponseMessage> GraphAsync(HttpRequestMessage request, string[] segments, string body, CancellationToken ct)
    {
        if (segments.Length > 0 && segments[0].StartsWith('v') && segments[0].Contains('.')) segments = segments[1..];
        var token = request.Headers.Authorization?.Parameter ?? QueryValue(request.RequestUri!, "access_token");
        if (token != credentials.AccessToken)
            return GraphError(HttpStatusCode.Unauthorized, 190, "OAuthException", "Error validating access token: the sandbox channel's token does not match.");
        if (segments.Length == 0) return GraphError(HttpStatusCode.BadRequest, 100, "GraphMethodException", "Unsupported request.");
        var id = segments[0];
        if (id != "me" && id != credentials.AccountId && id != credentials.BusinessAccountId)
            return GraphError(HttpStatusCode.BadRequest, 100, "GraphMethodException",
                $"Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");

        if (segments.Length == 1 && request.Method == HttpMethod.Get)
            return Json(HttpStatusCode.OK, new JsonObject
            {
                ["id"] = id, ["name"] = channel.Name, ["username"] = "sandbox.shop", ["verified_name"] = "Sandbox Business",
                ["display_phone_number"] = "+1 555-010-0000", ["quality_rating"] = "GREEN",
            });
        if (segments.Length == 2 && segments[1] == "subscribed_apps")
            return Json(HttpStatusCode.OK, request.Method == HttpMethod.Get ? new JsonObject { ["data"] = new JsonArray() } : new JsonObject { ["success"] = true });
        if (segments.Length == 2 && segments[1] == "messages" && request.Method == HttpMethod.Post)
            return await GraphSendAsync(body, ct);
        return GraphError(HttpStatusCode.BadRequest, 100, "GraphMethodException", $"Unknown path components: /{string.Join('/', segments[1..])}");
    }

    private async Task<HttpResponseMessage> GraphSendAsync(string body, CancellationToken ct)
    {
        JsonNode? json;
        try { json = JsonNode.Parse(body); }
        catch (JsonException) { return GraphError(HttpStatusCode.BadRequest, 100, "OAuthException", "The request body is not JSON."); }
        if (channel.Channel == ConversationChannel.WhatsApp)
        {
            var to = json?["to"]?.GetValue<string>();
            var type = json?["type"]?.GetValue<string>() ?? "text";
            var text = type switch
            {
                "text" => json?["text"]?["body"]?.GetValue<string>(),
                "template" => $"[template {json?["template"]?["name"]?.GetValue<string>()}] " +
                              string.Join(", ", (json?["template"]?["components"]?.AsArray() ?? [])
                                  .SelectMany(c => c?["parameters"]?.AsArray() ?? []).Select(p => p?["text"]?.GetValue<string>())),
                _ => $"[{type}]",
            };
            if (string.IsNullOrEmpty(to) || string.IsNullOrEmpty(text))
                return GraphError(HttpStatusCode.BadRequest, 100, "OAuthException", "(#100) The parameter to is required.");
            var wamid = "wamid.SANDBOX" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            await RecordAsync(text, wamid, ct);
            return Json(HttpStatusCode.OK, new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to }),
                ["messages"] = new JsonArray(new JsonObject { ["id"] = wamid }),
            });
        }
        var recipient = json?["recipient"]?["id"]?.GetValue<string>();
        var message = json?["message"]?["text"]?.GetValue<string>() ?? (json?["message"]?["attachment"] is not null ? "[attachment]" : null);
        if (string.IsNullOrEmpty(recipient) || string.IsNullOrEmpty(message))
            return GraphError(HttpStatusCode.BadRequest, 100, "OAuthException", "(#100) The parameter recipient is required.");
        var mid = "m_SANDBOX" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await RecordAsync(message, mid, ct);
        return Json(HttpStatusCode.OK, new JsonObject { ["recipient_id"] = recipient, ["message_id"] = mid });
    }

    private async Task<HttpResponseMessage> TelegramAsync(HttpRequestMessage request, string[] segments, string body, CancellationToken ct)
    {
        if (segments.Length < 2 || !segments[0].StartsWith("bot", StringComparison.Ordinal))
            return Json(HttpStatusCode.NotFound, new JsonObject { ["ok"] = false, ["error_code"] = 404, ["description"] = "Not Found" });
        if (segments[0][3..] != credentials.BotToken)
            return Json(HttpStatusCode.Unauthorized, new JsonObject { ["ok"] = false, ["error_code"] = 401, ["description"] = "Unauthorized" });
        var args = TelegramArguments(request, body);
        switch (segments[1].ToLowerInvariant())
        {
            case "getme":
                return TelegramOk(new JsonObject
                {
                    ["id"] = BotId, ["is_bot"] = true, ["first_name"] = channel.Name, ["username"] = "streamline_sandbox_bot",
                    ["can_join_groups"] = false, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false,
                });
            case "setwebhook":
            case "deletewebhook":
                return TelegramOk(true);
            case "getwebhookinfo":
                return TelegramOk(new JsonObject { ["url"] = "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 });
            case "getfile":
                return TelegramOk(new JsonObject
                {
                    ["file_id"] = args.GetValueOrDefault("file_id") ?? "", ["file_unique_id"] = "sandbox", ["file_size"] = 0, ["file_path"] = "sandbox/empty",
                });
            case "sendmessage":
                var chat = args.GetValueOrDefault("chat_id");
                var text = args.GetValueOrDefault("text");
                if (string.IsNullOrEmpty(chat) || string.IsNullOrEmpty(text))
                    return Json(HttpStatusCode.BadRequest, new JsonObject { ["ok"] = false, ["error_code"] = 400, ["description"] = "Bad Request: message text is empty" });
                var messageId = RandomNumberGenerator.GetInt32(1000, int.MaxValue);
                await RecordAsync(text, $"{chat}:{messageId}", ct);
                return TelegramOk(new JsonObject
                {
                    ["message_id"] = messageId,
                    ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = channel.Name },
                    ["chat"] = new JsonObject { ["id"] = long.TryParse(chat, out var chatId) ? chatId : 0, ["type"] = "private" },
                    ["date"] = clock.GetUtcNow().ToUnixTimeSeconds(),
                    ["text"] = text,
                });
            default:
                return Json(HttpStatusCode.NotFound, new JsonObject { ["ok"] = false, ["error_code"] = 404, ["description"] = "Not Found: method not found" });
        }
    }

    private const long BotId = 7000000001;

    /// <summary>The Bot API takes its parameters as JSON, a form or the query string alike.</summary>
    private static Dictionary<string, string> TelegramArguments(HttpRequestMessage request, string body)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (request.RequestUri!.Query.TrimStart('?')).Split('&', StringSplitOptions.RemoveEmptyEntries))
            AddPair(args, pair);
        var type = request.Content?.Headers.ContentType?.MediaType;
        if (type == "application/json" && body.Length > 0)
        {
            try
            {
                if (JsonNode.Parse(body) is JsonObject json)
                    foreach (var (key, value) in json)
                        if (value is JsonValue v) args[key] = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
            }
            catch (JsonException) { }
        }
        else if (type == "application/x-www-form-urlencoded")
            foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries)) AddPair(args, pair);
        return args;
    }

    private static void AddPair(Dictionary<string, string> args, string pair)
    {
        var parts = pair.Split('=', 2);
        args[Uri.UnescapeDataString(parts[0].Replace('+', ' '))] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
    }

    private static string? QueryValue(Uri uri, string name)
    {
        var args = new Dictionary<string, string>();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)) AddPair(args, pair);
        return args.GetValueOrDefault(name);
    }

    private async Task RecordAsync(string text, string providerMessageId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
        db.SandboxMessages.Add(new SandboxMessage
        {
            WorkspaceId = channel.WorkspaceId, ChannelId = channel.Id, Outbound = true,
            Text = text.Length <= 8000 ? text : text[..8000], ProviderMessageId = providerMessageId, At = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    private static HttpResponseMessage TelegramOk(JsonNode result) => Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true, ["result"] = result });

    private static HttpResponseMessage GraphError(HttpStatusCode status, int code, string type, string message) =>
        Json(status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code, ["fbtrace_id"] = "SANDBOX" },
        });

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
