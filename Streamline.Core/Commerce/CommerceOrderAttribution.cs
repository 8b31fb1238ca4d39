using Streamline.Core.Analytics;

namespace Streamline.Core.Commerce;

/// <summary>
/// The analytics' view of <see cref="CommerceAttribution"/>: per conversation, its attributed orders and their revenue net
/// of refunds. Minor units of each order's currency are summed as cents, as the analytics expect one currency per workspace.
/// </summary>
public sealed class CommerceOrderAttribution(CommerceAttribution attribution) : IOrderAttribution
{
    public async Task<IReadOnlyList<AttributedOrders>> ForConversationsStartedAsync(DateTime from, DateTime to, Guid? workspaceId, CancellationToken ct) =>
        [.. (await attribution.ForConversationsStartedAsync(from, to, workspaceId, ct))
            .GroupBy(o => o.ConversationId)
            .Select(g => new AttributedOrders(g.First().WorkspaceId, g.First().ConversationStartedAt, g.First().CampaignId, g.First().Channel,
                g.Count(), g.Sum(o => o.RevenueMinor)))];
}
