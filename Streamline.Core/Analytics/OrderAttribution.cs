using Streamline.Core.Conversations;

namespace Streamline.Core.Analytics;

/// <summary>Orders that one conversation led to, and their value in cents.</summary>
public sealed record AttributedOrders(Guid WorkspaceId, DateTime ConversationStartedAt, Guid? CampaignId, ConversationChannel Channel, int Orders, long RevenueCents);

/// <summary>
/// Where the analytics learn about orders. Commerce (orders synced from a store and linked to contacts) implements it
/// and replaces <see cref="NoOrderAttribution"/>; until then every workspace honestly has no orders.
/// </summary>
public interface IOrderAttribution
{
    /// <summary>
    /// Orders attributed to the conversations that started in [<paramref name="from"/>, <paramref name="to"/>), in
    /// <paramref name="workspaceId"/> or, when null, in every workspace.
    /// </summary>
    Task<IReadOnlyList<AttributedOrders>> ForConversationsStartedAsync(DateTime from, DateTime to, Guid? workspaceId, CancellationToken ct);
}

public sealed class NoOrderAttribution : IOrderAttribution
{
    public Task<IReadOnlyList<AttributedOrders>> ForConversationsStartedAsync(DateTime from, DateTime to, Guid? workspaceId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AttributedOrders>>([]);
}
