using System.Globalization;
using System.Text.Json;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;

namespace Streamline.Core.Channels.WhatsApp;

public enum WhatsAppWebhookOutcome { Accepted, Ignored, BadSignature, Malformed }

public sealed record WhatsAppWebhookResult(WhatsAppWebhookOutcome Outcome, ChannelIngestResult? Ingested = null);

/// <summary>
/// Meta's WhatsApp webhook: the subscribe handshake, and deliveries routed by <c>metadata.phone_number_id</c> to the
/// channel whose app secret must have signed the raw bytes. Only the receiving number is read before the signature is
/// checked (the secret to check it with depends on it); nothing is stored from a delivery that fails it.
/// </summary>
public sealed class WhatsAppWebhookReceiver(ChannelDirectory directory, ChannelSecrets secrets, IChannelIngest ingest, ChannelHealth health)
{
    private static readonly ConversationChannel[] Channels = [ConversationChannel.WhatsApp];

    /// <summary>True when the handshake names a verify token one of the workspaces' WhatsApp channels has.</summary>
    public async Task<bool> VerifyAsync(string? mode, string? verifyToken, CancellationToken ct) =>
        mode == "subscribe" && !string.IsNullOrEmpty(verifyToken) && await directory.VerifyTokenExistsAsync(Channels, verifyToken, ct);

    public async Task<WhatsAppWebhookResult> ReceiveAsync(byte[] body, string? signature, CancellationToken ct)
    {
        IReadOnlyList<string> routes;
        try
        {
            routes = WhatsAppPayload.RouteKeys(body);
        }
        catch (JsonException)
        {
            return new(WhatsAppWebhookOutcome.Malformed);
        }
        var channels = new List<MessagingChannel>();
        foreach (var route in routes)
            if (await directory.FindByRouteAsync(ConversationChannel.WhatsApp, route, ct) is { } channel)
                channels.Add(channel);
        if (channels.Count == 0) return new(routes.Count == 0 ? WhatsAppWebhookOutcome.Malformed : WhatsAppWebhookOutcome.Ignored);

        // One Meta app signs the whole delivery: every channel it touches must know that app's secret.
        var signed = channels.Where(c => MetaSignature.IsValid(body, signature, secrets.Unprotect(c).AppSecret ?? "")).ToList();
        foreach (var channel in channels.Except(signed)) await health.RecordSignatureFailureAsync(channel, ct);
        if (signed.Count == 0) return new(WhatsAppWebhookOutcome.BadSignature);

        ChannelWebhookBatch batch;
        try
        {
            batch = WhatsAppPayload.Parse(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return new(WhatsAppWebhookOutcome.Malformed);
        }
        if (!batch.IdsFit) return new(WhatsAppWebhookOutcome.Malformed);
        int stored = 0, duplicates = 0, statuses = 0;
        foreach (var channel in signed)
        {
            var mine = new ChannelWebhookBatch(
                [.. batch.Messages.Where(m => m.RouteKey == channel.RouteKey)], [.. batch.Statuses.Where(s => s.RouteKey == channel.RouteKey)]);
            var result = await ingest.AcceptAsync(channel, mine, ct);
            (stored, duplicates, statuses) = (stored + result.Stored, duplicates + result.Duplicates, statuses + result.Statuses);
            await health.RecordInboundAsync(channel, ct);
        }
        return new(WhatsAppWebhookOutcome.Accepted, new ChannelIngestResult(stored, duplicates, statuses));
    }
}

/// <summary>
/// Reads a <c>whatsapp_business_account</c> delivery into provider-neutral events: every entry, change, message and status.
/// The customer is keyed on their business-scoped user id when Meta sends one (phone optional), else their <c>wa_id</c>.
/// </summary>
public static class WhatsAppPayload
{
    public static IReadOnlyList<string> RouteKeys(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var keys = new List<string>();
        foreach (var value in Values(doc.RootElement))
            if (Str(Prop(value, "metadata"), "phone_number_id") is { } id && !keys.Contains(id))
                keys.Add(id);
        return keys;
    }

    public static ChannelWebhookBatch Parse(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var messages = new List<InboundChannelMessage>();
        var statuses = new List<ChannelDeliveryUpdate>();
        long sequence = 0;
        foreach (var value in Values(doc.RootElement))
        {
            if (Str(Prop(value, "metadata"), "phone_number_id") is not { } route) continue;
            var contacts = Array(value, "contacts").ToList();
            foreach (var m in Array(value, "messages"))
                if (Message(route, m, contacts, sequence++) is { } parsed) messages.Add(parsed);
            foreach (var s in Array(value, "statuses"))
                if (Status(route, s) is { } parsed) statuses.Add(parsed);
        }
        return new ChannelWebhookBatch(messages, statuses);
    }

    private static IEnumerable<JsonElement> Values(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Str(root, "object") != "whatsapp_business_account") yield break;
        foreach (var entry in Array(root, "entry"))
        foreach (var change in Array(entry, "changes"))
            if (Str(change, "field") == "messages" && Prop(change, "value") is { ValueKind: JsonValueKind.Object } value)
                yield return value;
    }

    private static InboundChannelMessage? Message(string route, JsonElement m, List<JsonElement> contacts, long sequence)
    {
        var id = Str(m, "id");
        var type = Str(m, "type") ?? "unknown";
        var system = Prop(m, "system");
        var phone = Str(m, "from");
        var userId = Str(m, "from_user_id") ?? (system is { } sys ? Str(sys, "user_id") : null);
        var contact = contacts.FirstOrDefault(c => (phone is not null && Str(c, "wa_id") == phone) || (userId is not null && Str(c, "user_id") == userId));
        if (contact.ValueKind == JsonValueKind.Undefined && contacts.Count == 1) contact = contacts[0];
        userId ??= contact.ValueKind == JsonValueKind.Object ? Str(contact, "user_id") : null;
        phone ??= contact.ValueKind == JsonValueKind.Object ? Str(contact, "wa_id") : null;
        var sender = userId ?? phone;
        if (id is null || sender is null) return null;
        var name = contact.ValueKind == JsonValueKind.Object ? Str(Prop(contact, "profile"), "name") : null;
        var sentAt = long.TryParse(Str(m, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix) : DateTimeOffset.UtcNow;
        var message = new InboundChannelMessage(route, id, sender, sentAt, InboundKind.Unsupported, SenderName: name, SenderPhone: phone,
            UnsupportedType: type, Sequence: sequence);
        var part = Prop(m, type);
        return type switch
        {
            "text" => message with { Kind = InboundKind.Text, Text = Str(part, "body"), UnsupportedType = null },
            "image" or "document" or "audio" or "video" when Str(part, "id") is { } mediaId => message with
            {
                Kind = Enum.Parse<InboundKind>(type, ignoreCase: true), Text = Str(part, "caption"), UnsupportedType = null,
                Media = new InboundMedia(mediaId, Str(part, "mime_type"), Str(part, "filename")),
            },
            "sticker" => message with { Kind = InboundKind.Sticker, UnsupportedType = null },
            "location" when part is { } l && Num(l, "latitude") is { } lat && Num(l, "longitude") is { } lon => message with
            {
                Kind = InboundKind.Location, UnsupportedType = null, Location = new InboundLocation(lat, lon, Str(l, "name"), Str(l, "address")),
            },
            "contacts" => message with
            {
                Kind = InboundKind.Contacts, UnsupportedType = null,
                Contacts = [.. Array(m, "contacts").Select(c => new InboundContactCard(
                    Str(Prop(c, "name"), "formatted_name") ?? "Contact",
                    Array(c, "phones").Select(p => Str(p, "phone")).FirstOrDefault(p => p is not null),
                    Array(c, "emails").Select(e => Str(e, "email")).FirstOrDefault(e => e is not null)))],
            },
            // A tapped quick-reply button or list row reads as what the customer chose.
            "button" => message with { Kind = InboundKind.Text, UnsupportedType = null, Text = Str(part, "text") ?? Str(part, "payload") },
            "interactive" when part is { } i && (Prop(i, "button_reply") ?? Prop(i, "list_reply")) is { } reply =>
                message with { Kind = InboundKind.Text, UnsupportedType = null, Text = Str(reply, "title") },
            "reaction" => message with { UnsupportedType = "reaction", Text = Str(part, "emoji") },
            "system" => message with { UnsupportedType = "system:" + (Str(part, "type") ?? "notice"), Text = Str(part, "body") },
            _ => message,
        };
    }

    private static ChannelDeliveryUpdate? Status(string route, JsonElement s)
    {
        var id = Str(s, "id");
        ChannelDeliveryState? state = Str(s, "status") switch
        {
            "sent" => ChannelDeliveryState.Sent,
            "delivered" => ChannelDeliveryState.Delivered,
            "read" => ChannelDeliveryState.Read,
            "failed" => ChannelDeliveryState.Failed,
            _ => null,
        };
        if (id is null || state is null) return null;
        var at = long.TryParse(Str(s, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix) : DateTimeOffset.UtcNow;
        var error = Array(s, "errors").FirstOrDefault();
        string? code = null, text = null;
        if (error.ValueKind == JsonValueKind.Object)
        {
            code = Prop(error, "code") is { } c ? c.ToString() : null;
            text = Str(Prop(error, "error_data"), "details") ?? Str(error, "message") ?? Str(error, "title");
        }
        return new ChannelDeliveryUpdate(route, id, state.Value, at, code, text);
    }

    private static JsonElement? Prop(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var p) ? p : null;

    private static string? Str(JsonElement? e, string name) =>
        Prop(e, name) is { } p ? p.ValueKind switch
        {
            JsonValueKind.String => p.GetString(),
            JsonValueKind.Number => p.GetRawText(),
            _ => null,
        } : null;

    private static double? Num(JsonElement e, string name)
    {
        if (Prop(e, name) is not { } p) return null;
        if (p.ValueKind == JsonValueKind.Number) return p.TryGetDouble(out var n) ? n : null;
        return p.ValueKind == JsonValueKind.String && double.TryParse(p.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement? e, string name) =>
        Prop(e, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
}
