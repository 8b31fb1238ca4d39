using System.Text.Json;

namespace Streamline.Core.Channels.Telegram;

/// <summary>
/// Reads one webhook <c>Update</c> into provider-neutral events. Read by hand rather than into Telegram.Bot's <c>Update</c>:
/// its <c>update_id</c> is an <c>int</c>, while ids beyond 32 bits are seen in the wild.
/// Only <c>message</c> and <c>edited_message</c> carry something a customer said; every other update is acknowledged
/// and ignored. An edit is stored as a message of its own, marked "(edited)" and keyed by its edit time, so the inbox
/// and the AI see the correction beside the original instead of the original changing under an answer already given.
/// </summary>
public static class TelegramUpdateParser
{
    public const string EditedPrefix = "(edited) ";

    /// <summary>Keys of a <c>Message</c> that describe it rather than say what it is; the first other key names its type.</summary>
    private static readonly HashSet<string> DescriptiveKeys =
    [
        "message_id", "message_thread_id", "from", "sender_chat", "sender_boost_count", "sender_business_bot", "sender_tag", "date",
        "business_connection_id", "chat", "forward_origin", "is_topic_message", "is_automatic_forward", "reply_to_message",
        "external_reply", "quote", "reply_to_story", "via_bot", "edit_date", "has_protected_content", "is_from_offline",
        "media_group_id", "author_signature", "paid_star_count", "entities", "link_preview_options", "effect_id",
        "caption", "caption_entities", "show_caption_above_media", "has_media_spoiler", "reply_markup",
        "forward_from", "forward_from_chat", "forward_from_message_id", "forward_signature", "forward_sender_name", "forward_date",
    ];

    /// <summary>The events of <paramref name="body"/> for the channel <paramref name="routeKey"/>; null when it is not an Update.</summary>
    public static ChannelWebhookBatch? Parse(ReadOnlySpan<byte> body, string routeKey)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var update = doc.RootElement;
            if (update.ValueKind != JsonValueKind.Object || !update.TryGetProperty("update_id", out var id) || id.ValueKind != JsonValueKind.Number)
                return null;
            var updateId = id.GetInt64();
            if (update.TryGetProperty("message", out var message))
                return One(Read(message, routeKey, updateId, edited: false));
            if (update.TryGetProperty("edited_message", out var edited))
                return One(Read(edited, routeKey, updateId, edited: true));
            return ChannelWebhookBatch.Empty;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static ChannelWebhookBatch One(InboundChannelMessage message) => new([message], []);

    private static InboundChannelMessage Read(JsonElement m, string routeKey, long updateId, bool edited)
    {
        var chat = m.GetProperty("chat");
        var chatId = chat.GetProperty("id").GetInt64();
        var messageId = m.GetProperty("message_id").GetInt64();
        var editDate = edited && m.TryGetProperty("edit_date", out var e) ? e.GetInt64() : (long?)null;
        var providerId = editDate is { } at ? $"{chatId}:{messageId}:edited:{at}" : $"{chatId}:{messageId}";
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(editDate ?? m.GetProperty("date").GetInt64());
        var caption = Text(m, "caption");

        var message = new InboundChannelMessage(routeKey, providerId, chatId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            sentAt, InboundKind.Unsupported, SenderName: SenderName(m, chat), Sequence: updateId);
        message = Content(m, message, caption);
        return edited && message.Text is { } text ? message with { Text = EditedPrefix + text } : message;
    }

    private static InboundChannelMessage Content(JsonElement m, InboundChannelMessage message, string? caption)
    {
        if (Text(m, "text") is { } text) return message with { Kind = InboundKind.Text, Text = text };
        if (m.TryGetProperty("photo", out var photo) && photo.ValueKind == JsonValueKind.Array && photo.GetArrayLength() > 0)
        {
            // Telegram lists the sizes it made of one photo; the largest is the one the customer sent.
            var largest = photo.EnumerateArray().MaxBy(p => (Number(p, "file_size"), Number(p, "width") * Number(p, "height")));
            return message with { Kind = InboundKind.Image, Text = caption, Media = new InboundMedia(FileId(largest), "image/jpeg") };
        }
        if (m.TryGetProperty("document", out var document))
            return message with { Kind = InboundKind.Document, Text = caption, Media = Media(document, null) };
        if (m.TryGetProperty("voice", out var voice))
            return message with { Kind = InboundKind.Audio, Text = caption, Media = Media(voice, "audio/ogg") };
        if (m.TryGetProperty("audio", out var audio))
            return message with { Kind = InboundKind.Audio, Text = caption, Media = Media(audio, "audio/mpeg") };
        if (m.TryGetProperty("video", out var video))
            return message with { Kind = InboundKind.Video, Text = caption, Media = Media(video, "video/mp4") };
        if (m.TryGetProperty("venue", out var venue))
        {
            var at = venue.GetProperty("location");
            return message with
            {
                Kind = InboundKind.Location,
                Location = new InboundLocation(at.GetProperty("latitude").GetDouble(), at.GetProperty("longitude").GetDouble(),
                    Text(venue, "title"), Text(venue, "address")),
            };
        }
        if (m.TryGetProperty("location", out var location))
            return message with
            {
                Kind = InboundKind.Location,
                Location = new InboundLocation(location.GetProperty("latitude").GetDouble(), location.GetProperty("longitude").GetDouble()),
            };
        if (m.TryGetProperty("contact", out var contact))
        {
            var name = string.Join(' ', new[] { Text(contact, "first_name"), Text(contact, "last_name") }.Where(n => !string.IsNullOrEmpty(n)));
            return message with { Kind = InboundKind.Contacts, Contacts = [new InboundContactCard(name, Text(contact, "phone_number"))] };
        }
        var type = m.EnumerateObject().Select(p => p.Name).FirstOrDefault(k => !DescriptiveKeys.Contains(k)) ?? "unknown";
        return message with { Kind = InboundKind.Unsupported, Text = caption, UnsupportedType = type };
    }

    private static InboundMedia Media(JsonElement file, string? defaultType) =>
        new(FileId(file), Text(file, "mime_type") ?? defaultType, Text(file, "file_name"));

    private static string FileId(JsonElement file) => file.GetProperty("file_id").GetString() ?? throw new FormatException("file_id");

    private static string? SenderName(JsonElement m, JsonElement chat)
    {
        var person = m.TryGetProperty("from", out var from) ? from : chat;
        var name = string.Join(' ', new[] { Text(person, "first_name"), Text(person, "last_name") }.Where(n => !string.IsNullOrEmpty(n)));
        return name.Length > 0 ? name : Text(chat, "title") ?? Text(person, "username");
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
}
