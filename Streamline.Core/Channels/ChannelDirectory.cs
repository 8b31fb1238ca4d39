using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// Finds the connected channel a webhook is for. Webhooks arrive with no signed-in user, so these lookups step outside
/// the workspace filter; the channel found then names the workspace everything else is scoped to. Found channels are
/// kept briefly (<see cref="ChannelRouteCache"/>): every delivery of a busy channel would otherwise read the same row.
/// </summary>
public sealed class ChannelDirectory(StreamlineDbContext db, ChannelRouteCache cache)
{
    private IQueryable<MessagingChannel> Connected =>
        db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(c => c.Connection == ChannelConnection.Connected);

    public async Task<MessagingChannel?> FindByRouteAsync(ConversationChannel channel, string routeKey, CancellationToken ct) =>
        cache.Find(ChannelRouteCache.RouteKey(channel, routeKey))
        ?? cache.Keep(ChannelRouteCache.RouteKey(channel, routeKey),
            await Connected.FirstOrDefaultAsync(c => c.Channel == channel && c.RouteKey == routeKey, ct));

    public async Task<MessagingChannel?> FindAsync(Guid channelId, CancellationToken ct) =>
        cache.Find(ChannelRouteCache.IdKey(channelId))
        ?? cache.Keep(ChannelRouteCache.IdKey(channelId), await Connected.FirstOrDefaultAsync(c => c.Id == channelId, ct));

    /// <summary>Meta's handshake names no account, only the verify token the owner pasted into the App Dashboard.</summary>
    public Task<bool> VerifyTokenExistsAsync(IReadOnlyCollection<ConversationChannel> channels, string verifyToken, CancellationToken ct) =>
        Connected.AnyAsync(c => channels.Contains(c.Channel) && c.VerifyToken == verifyToken, ct);
}

/// <summary>
/// Connected channels by route and by id, for <see cref="Lifetime"/>: a save that changes or disconnects a channel forgets
/// it at once in this process (<see cref="IForgetOnSave"/>); another process's copy lives out its lifetime. Only found
/// channels are kept, untracked, and callers only read them.
/// </summary>
public sealed class ChannelRouteCache(IMemoryCache cache) : IForgetOnSave
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public static string RouteKey(ConversationChannel channel, string routeKey) => $"channel-route:{channel}:{routeKey}";
    public static string IdKey(Guid id) => $"channel-id:{id}";

    public MessagingChannel? Find(string key) => cache.TryGetValue(key, out MessagingChannel? channel) ? channel : null;

    public MessagingChannel? Keep(string key, MessagingChannel? channel)
    {
        if (channel is not null) cache.Set(key, channel, Lifetime);
        return channel;
    }

    public Action? ForgetFor(EntityEntry entry)
    {
        if (entry.Entity is not MessagingChannel channel) return null;
        var (kind, route, id) = (channel.Channel, channel.RouteKey, channel.Id);
        var originalRoute = entry.State == Microsoft.EntityFrameworkCore.EntityState.Added ? null
            : entry.Property(nameof(MessagingChannel.RouteKey)).OriginalValue as string;
        return () =>
        {
            cache.Remove(RouteKey(kind, route));
            if (originalRoute is not null) cache.Remove(RouteKey(kind, originalRoute));
            cache.Remove(IdKey(id));
        };
    }
}
