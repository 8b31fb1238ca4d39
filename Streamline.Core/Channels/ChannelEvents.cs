namespace Streamline.Core.Channels;

/// <summary>Everything one webhook delivery carried, parsed into provider-neutral events (a Meta delivery may batch many).</summary>
public sealed record ChannelWebhookBatch(IReadOnlyList<InboundChannelMessage> Messages, IReadOnlyList<ChannelDeliveryUpdate> Statuses)
{
    public static readonly ChannelWebhookBatch Empty = new([], []);

    /// <summary>The longest message, sender or status id stored (the columns' length): no provider sends longer ones.</summary>
    public const int MaxIdLength = 200;

    /// <summary>
    /// False when an id is longer than any provider sends: such a delivery is refused as malformed before anything is stored,
    /// since its row would fail the database's length check and, written in one statement with other requests' rows, fail
    /// theirs too.
    /// </summary>
    public bool IdsFit =>
        Messages.All(m => m.ProviderMessageId.Length <= MaxIdLength && m.SenderId.Length <= MaxIdLength)
        && Statuses.All(s => s.ProviderMessageId.Length <= MaxIdLength);
}

public enum InboundKind { Text, Image, Document, Audio, Video, Sticker, Location, Contacts, Unsupported }

/// <summary>
/// One message a customer sent on a channel. <see cref="RouteKey"/> names the receiving account (see
/// <see cref="MessagingChannel.RouteKey"/>); <see cref="ProviderMessageId"/> is unique per channel (WhatsApp's
/// <c>wamid.…</c>, Meta's <c>mid</c>, Telegram's <c>chat id:message_id</c>) and is what redeliveries are recognised by.
/// <see cref="SenderId"/> is the customer's id on that channel: WhatsApp's business-scoped user id when Meta sends one
/// (else the <c>wa_id</c>), the page- or Instagram-scoped id, Telegram's chat id.
/// </summary>
public sealed record InboundChannelMessage(
    string RouteKey,
    string ProviderMessageId,
    string SenderId,
    DateTimeOffset SentAt,
    InboundKind Kind,
    string? Text = null,
    string? SenderName = null,
    string? SenderPhone = null,
    InboundMedia? Media = null,
    InboundLocation? Location = null,
    IReadOnlyList<InboundContactCard>? Contacts = null,
    string? UnsupportedType = null,
    long? Sequence = null);

/// <summary>A file the provider holds: fetched by its id (Graph media id, Telegram file_id) when the message is ingested.</summary>
public sealed record InboundMedia(string ProviderMediaId, string? ContentType = null, string? FileName = null);

public sealed record InboundLocation(double Latitude, double Longitude, string? Name = null, string? Address = null);

public sealed record InboundContactCard(string Name, string? Phone = null, string? Email = null);

/// <summary>Where one outbound message stands with the provider. <see cref="Withheld"/>: the app decided not to send it.</summary>
public enum ChannelDeliveryState { Queued, Sent, Delivered, Read, Failed, Withheld }

/// <summary>A provider's status callback about a message the app sent (WhatsApp's <c>statuses[]</c>).</summary>
public sealed record ChannelDeliveryUpdate(
    string RouteKey,
    string ProviderMessageId,
    ChannelDeliveryState State,
    DateTimeOffset At,
    string? ErrorCode = null,
    string? ErrorMessage = null);
