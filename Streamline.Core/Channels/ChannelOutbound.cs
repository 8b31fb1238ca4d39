using Hangfire;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>Where a messaging-channel conversation's messages go: the channel and customer its latest inbound message came from.</summary>
public sealed record ChannelRoute(Guid WorkspaceId, Guid ChannelId, Guid IdentityId, Guid ConversationId, ConversationChannel Channel);

/// <summary>
/// The one place that decides that a chat message goes out on a messaging channel, to whom, and in which parts (split to
/// the provider's limit, <see cref="ChannelRules.TextLimitOf"/>). Every writer of chat messages asks it before its save, so
/// the outbound rows commit with the message they carry or not at all: <see cref="ConversationLog"/> adds them to its
/// save, and the PostgreSQL reply batch inserts them in its round trip. <see cref="ChannelOutbox"/> then sends them.
/// </summary>
public sealed class ChannelOutbound(StreamlineDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public static bool IsMessaging(ConversationChannel channel) => channel.Platform() != Campaigns.CampaignChannels.Web;

    /// <summary>What the app says goes out; what the customer wrote came in.</summary>
    public static bool GoesOut(ChatMessage message) => message.Sender != MessageSender.Visitor;

    /// <summary>The route of a conversation on <paramref name="channel"/>; null for web chats and before any inbound message.</summary>
    public async Task<ChannelRoute?> RouteAsync(Guid conversationId, ConversationChannel channel, CancellationToken ct)
    {
        if (!IsMessaging(channel)) return null;
        return await db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(r => r.ConversationId == conversationId && r.Direction == ChannelDirection.Inbound)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new ChannelRoute(r.WorkspaceId, r.ChannelId, r.IdentityId, r.ConversationId, channel))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The outbound rows of <paramref name="message"/>: one per part of its text.</summary>
    public IReadOnlyList<ChannelMessage> RowsFor(ChannelRoute route, ChatMessage message)
    {
        var parts = ChannelRules.Split(message.Text, ChannelRules.TextLimitOf(route.Channel));
        return [.. parts.Select((text, i) => Row(route, message.Id, i, ChannelOutbox.TextKind, text, null))];
    }

    /// <summary>An outbound row for part <paramref name="part"/> of a chat message.</summary>
    public ChannelMessage Row(ChannelRoute route, Guid chatMessageId, int part, string kind, string text, string? templateJson)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new()
        {
            WorkspaceId = route.WorkspaceId, ChannelId = route.ChannelId, IdentityId = route.IdentityId, ConversationId = route.ConversationId,
            ChatMessageId = chatMessageId, Direction = ChannelDirection.Outbound, Part = part, Kind = kind, Text = text,
            TemplateJson = templateJson, State = ChannelDeliveryState.Queued, CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>
    /// Tracks the outbound rows of those of <paramref name="messages"/> that go out, for the caller's coming save. A message
    /// whose rows are already tracked keeps them: a template's own, or those of a save being retried.
    /// </summary>
    public void Track(ChannelRoute route, IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages.Where(GoesOut))
        {
            if (TrackedFor(message.Id).Any()) continue;
            db.ChannelMessages.AddRange(RowsFor(route, message));
        }
    }

    /// <summary>Queues the send of rows written past EF (which <see cref="QueueChannelSendsAfterCommit"/> queues), once committed.</summary>
    public void SendLater(Guid conversationId)
    {
        if (!ChannelSendsInline.Covers(conversationId)) jobs.Enqueue<SendChannelMessages>(j => j.QueueConversationAsync(conversationId, CancellationToken.None));
    }

    /// <summary>Stops tracking the rows of <paramref name="messages"/>: their save was refused, so they must never be saved by another.</summary>
    public void Untrack(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
            foreach (var entry in TrackedFor(message.Id).ToList())
                entry.State = EntityState.Detached;
    }

    private IEnumerable<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<ChannelMessage>> TrackedFor(Guid chatMessageId) =>
        db.ChangeTracker.Entries<ChannelMessage>()
            .Where(e => e.Entity.ChatMessageId == chatMessageId && e.Entity.Direction == ChannelDirection.Outbound && e.State == EntityState.Added);
}
