using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>Where one outbound chat message stands with the provider (its parts taken together), and why when it did not go.</summary>
public sealed record ChannelDelivery(ChannelDeliveryState State, string? ErrorCode, string? ErrorMessage)
{
    public string Label => State switch
    {
        ChannelDeliveryState.Queued => "Sending…",
        ChannelDeliveryState.Sent => "Sent",
        ChannelDeliveryState.Delivered => "Delivered",
        ChannelDeliveryState.Read => "Read",
        ChannelDeliveryState.Failed => "Not delivered",
        _ => "Not sent",
    };

    /// <summary>The label with the reason, and the provider's numeric code when it gave one: "Not delivered: … (code 131026)".</summary>
    public string Description => ErrorMessage is not { } error ? Label
        : $"{Label}: {error}" + (ErrorCode is { Length: > 0 } code && code.All(char.IsAsciiDigit) ? $" (code {code})" : "");
}

/// <summary>
/// What the inbox shows of a messaging-channel conversation: the channel, whether the customer-service window is open
/// (closed, WhatsApp takes only templates), whether the customer opted out, and the templates to offer.
/// </summary>
public sealed record ChannelConversation(ConversationChannel Channel, string ChannelName, bool WindowOpen, bool OptedOut,
    IReadOnlyList<ChannelMessageTemplate> Templates)
{
    public bool NeedsTemplate => Channel == ConversationChannel.WhatsApp && !WindowOpen;

    /// <summary>The delivery of each outbound message of a conversation, and the channel it is on (null for the widget's).</summary>
    public static async Task<(IReadOnlyDictionary<Guid, ChannelDelivery> Deliveries, ChannelConversation? Channel)> LoadAsync(
        StreamlineDbContext db, Guid conversationId, DateTime now, CancellationToken ct)
    {
        var rows = await db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(r => r.ConversationId == conversationId).OrderBy(r => r.Part).ToListAsync(ct);
        if (rows.Count == 0) return (new Dictionary<Guid, ChannelDelivery>(), null);
        var deliveries = rows.Where(r => r.Direction == ChannelDirection.Outbound && r.ChatMessageId is not null)
            .GroupBy(r => r.ChatMessageId!.Value)
            .ToDictionary(g => g.Key, g => Combine([.. g]));
        var last = rows.Where(r => r.Direction == ChannelDirection.Inbound).MaxBy(r => r.CreatedAt);
        if (last is null) return (deliveries, null);
        var identity = await db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(i => i.Id == last.IdentityId, ct);
        var channel = await db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(c => c.Id == last.ChannelId, ct);
        var templates = await db.ChannelMessageTemplates.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(t => t.ChannelId == channel.Id).OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(ct);
        return (deliveries, new ChannelConversation(channel.Channel, channel.Name, identity.WindowOpen(now), identity.OptedOutAt is not null, templates));
    }

    /// <summary>A message sent in parts is as far as its least advanced part; a part that failed or was held back says so.</summary>
    private static ChannelDelivery Combine(IReadOnlyList<ChannelMessage> parts)
    {
        var stopped = parts.FirstOrDefault(p => p.State is ChannelDeliveryState.Failed or ChannelDeliveryState.Withheld);
        if (stopped is not null) return new(stopped.State, stopped.ErrorCode, stopped.ErrorMessage);
        var least = parts.MinBy(p => p.State switch
        {
            ChannelDeliveryState.Queued => 0,
            ChannelDeliveryState.Sent => 1,
            ChannelDeliveryState.Delivered => 2,
            _ => 3,
        })!;
        // A retry waiting shows why it waits.
        return new(least.State, least.State == ChannelDeliveryState.Queued ? least.ErrorCode : null,
            least.State == ChannelDeliveryState.Queued ? least.ErrorMessage : null);
    }
}
