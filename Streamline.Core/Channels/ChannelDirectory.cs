using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// Finds the connected channel a webhook is for. Webhooks arrive with no signed-in user, so these lookups step outside
/// the workspace filter; the channel found then names the workspace everything else is scoped to.
/// </summary>
public sealed class ChannelDirectory(StreamlineDbContext db)
{
    private IQueryable<MessagingChannel> Connected =>
        db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Connection == ChannelConnection.Connected);

    public Task<MessagingChannel?> FindByRouteAsync(ConversationChannel channel, string routeKey, CancellationToken ct) =>
        Connected.FirstOrDefaultAsync(c => c.Channel == channel && c.RouteKey == routeKey, ct);

    public Task<MessagingChannel?> FindAsync(Guid channelId, CancellationToken ct) =>
        Connected.FirstOrDefaultAsync(c => c.Id == channelId, ct);

    /// <summary>Meta's handshake names no account, only the verify token the owner pasted into the App Dashboard.</summary>
    public Task<bool> VerifyTokenExistsAsync(IReadOnlyCollection<ConversationChannel> channels, string verifyToken, CancellationToken ct) =>
        Connected.AnyAsync(c => channels.Contains(c.Channel) && c.VerifyToken == verifyToken, ct);
}
