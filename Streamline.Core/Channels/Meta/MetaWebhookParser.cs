using System.Text.Json;
using Streamline.Core.Conversations;

namespace Streamline.Core.Channels.Meta;

/// <summary>Which product a Meta delivery is for and which accounts (<c>entry[].id</c>) it names: all that may be read before the signature is checked.</summary>
public sealed record MetaWebhookRoute(ConversationChannel Channel, IReadOnlyList<string> AccountIds);

/// <summary>A delivery's route, and its events unless they are malformed.</summary>
public sealed record MetaWebhookDelivery(MetaWebhookRoute Route, ChannelWebhookBatch? Batch);

/// <summary>
/// Messenger (<c>object:"page"</c>) and Instagram (<c>object:"instagram"</c>) webhooks: <c>entry[].messaging[]</c>. Echoes
/// of the app's own sends and deletions are dropped; attachments become media named by their URL; types the app cannot
/// show are kept and labelled; delivery receipts mark the messages they name delivered.
/// </summary>
public static class MetaWebhookParser
{
    /// <summary>Only the routing facts, so the right app secret can be chosen; null when the body is not such a delivery.</summary>
    public static MetaWebhookRoute? ReadRoute(ReadOnlySpan<byte> body) => ReadDelivery(body)?.Route;

    /// <summary>Every event of the delivery, each with the account it arrived at as its route key; null when malformed.</summary>
    public static ChannelWebhookBatch? Parse(ReadOnlySpan<byte> body) => ReadDelivery(body)?.Batch;

    /// <summary>
    /// The route and the events from one parse of the body (the webhook reads the route before the signature is checked and
    /// the events after); null when the body is not such a delivery, <see cref="MetaWebhookDelivery.Batch"/> null when
    /// only its events are malformed.
    /// </summary>
    public static MetaWebhookDelivery? ReadDelivery(ReadOnlySpan<byte> body)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(body);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || ChannelOf(root) is not { } channel) return null;
            if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array) return null;
            var ids = new List<string>();
            foreach (var entry in entries.EnumerateArray())
            {
                // An entry whose account is not named as Meta names it (a string) makes the whole body malformed.
                if (AccountId(entry) is not { } id) return null;
                if (!ids.Contains(id)) ids.Add(id);
            }
            return new MetaWebhookDelivery(new MetaWebhookRoute(channel, ids), Events(entries));
        }
    }

    private static ChannelWebhookBatch? Events(JsonElement entries)
    {
        try
        {
            var messages = new List<InboundChannelMessage>();
            var statuses = new List<ChannelDeliveryUpdate>();
            foreach (var entry in entries.EnumerateArray())
            {
                var account = AccountId(entry) ?? throw new FormatException("entry.id");
                if (!entry.TryGetProperty("messaging", out var events) || events.ValueKind != JsonValueKind.Array) continue;
                foreach (var e in events.EnumerateArray())
                {
                    if (e.TryGetProperty("message", out var message)) messages.AddRange(Read(account, e, message));
                    else if (e.TryGetProperty("delivery", out var delivery)) statuses.AddRange(Delivered(account, e, delivery));
                }
            }
            return new ChannelWebhookBatch(messages, statuses);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static ConversationChannel? ChannelOf(JsonElement root) =>
        root.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.String
            ? o.GetString() switch { "page" => ConversationChannel.Messenger, "instagram" => ConversationChannel.Instagram, _ => null }
            : null;

    /// <summary><c>entry[].id</c>, the Page or Instagram account: always a string of digits in Meta's payloads.</summary>
    private static string? AccountId(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
        && id.GetString() is { Length: > 0 } value ? value : null;

    private static string? Id(JsonElement e) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var id)
        ? id.ValueKind switch { JsonValueKind.String => id.GetString(), JsonValueKind.Number => id.GetRawText(), _ => null }
        : null;

    private static IEnumerable<InboundChannelMessage> Read(string account, JsonElement e, JsonElement message)
    {
        // The app's own sends come back as echoes, and a deleted message has nothing left to answer.
        if (Flag(message, "is_echo") || Flag(message, "is_deleted")) yield break;
        var mid = Text(message, "mid") ?? throw new FormatException("message.mid");
        var sender = Id(e.GetProperty("sender")) ?? throw new FormatException("sender.id");
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("timestamp").GetInt64());
        var text = Text(message, "text");
        var basic = new InboundChannelMessage(account, mid, sender, sentAt, InboundKind.Text, text);

        if (!message.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array
            || attachments.GetArrayLength() == 0)
        {
            yield return basic;
            yield break;
        }
        // One stored message per attachment, the text riding on the first; the rest keyed by position so each is stored once.
        var index = 0;
        foreach (var attachment in attachments.EnumerateArray())
        {
            var id = index == 0 ? mid : $"{mid}#{index + 1}";
            yield return Attachment(basic with { ProviderMessageId = id, Text = index == 0 ? text : null }, attachment);
            index++;
        }
    }

    private static InboundChannelMessage Attachment(InboundChannelMessage message, JsonElement attachment)
    {
        var type = Text(attachment, "type") ?? "unknown";
        attachment.TryGetProperty("payload", out var payload);
        var url = payload.ValueKind == JsonValueKind.Object ? Text(payload, "url") : null;
        InboundKind? kind = type switch
        {
            "image" => InboundKind.Image,
            "file" => InboundKind.Document,
            "audio" => InboundKind.Audio,
            "video" => InboundKind.Video,
            _ => null,
        };
        if (kind is { } k && url is not null) return message with { Kind = k, Media = new InboundMedia(url) };
        if (type == "location" && payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("coordinates", out var at))
            return message with
            {
                Kind = InboundKind.Location,
                Location = new InboundLocation(at.GetProperty("lat").GetDouble(), at.GetProperty("long").GetDouble(), Text(attachment, "title")),
            };
        return message with { Kind = InboundKind.Unsupported, UnsupportedType = type };
    }

    private static IEnumerable<ChannelDeliveryUpdate> Delivered(string account, JsonElement e, JsonElement delivery)
    {
        if (!delivery.TryGetProperty("mids", out var mids) || mids.ValueKind != JsonValueKind.Array) yield break;
        var at = e.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds(t.GetInt64())
            : DateTimeOffset.UtcNow;
        foreach (var mid in mids.EnumerateArray())
            if (mid.ValueKind == JsonValueKind.String && mid.GetString() is { Length: > 0 } id)
                yield return new ChannelDeliveryUpdate(account, id, ChannelDeliveryState.Delivered, at);
    }

    private static bool Flag(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
