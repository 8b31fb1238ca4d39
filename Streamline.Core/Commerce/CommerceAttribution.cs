using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Commerce;

/// <summary>An order tied to the conversation that led to it (last touch), with that conversation's campaign and channel.</summary>
public sealed record AttributedOrder(
    Guid OrderId, string OrderName, DateTime PlacedAt, long RevenueMinor, string Currency, Guid ContactId, Guid ConversationId, Guid? CampaignId,
    ConversationChannel Channel, Guid WorkspaceId, DateTime ConversationStartedAt);

/// <summary>Orders and revenue (net of refunds, in minor units per currency) of attributed orders.</summary>
public sealed record AttributionTotals(int Orders, IReadOnlyDictionary<string, long> RevenueMinorByCurrency)
{
    public static readonly AttributionTotals None = new(0, new Dictionary<string, long>());
}

/// <summary>
/// Which orders the conversations brought in. An order belongs to a contact of the workspace with the same e-mail
/// (case-insensitive) or phone; of that contact's conversations, the last one started before the order whose last
/// message is at most <see cref="ShopifyOptions.AttributionWindowDays"/> before it gets the order (last touch).
/// Cancelled orders count for nothing. Computed from the rows each time, so a late sync or a merge is reflected at once.
/// </summary>
public sealed class CommerceAttribution(StreamlineDbContext db, IOptions<ShopifyOptions> options)
{
    public TimeSpan Window => TimeSpan.FromDays(Math.Max(0, options.Value.AttributionWindowDays));

    /// <summary>The workspace's attributed orders placed in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public Task<IReadOnlyList<AttributedOrder>> OrdersAsync(Guid workspaceId, DateTime from, DateTime to, CancellationToken ct) =>
        AttributeAsync(workspaceId, from, to, ct);

    /// <summary>
    /// Orders attributed to conversations that started in [<paramref name="from"/>, <paramref name="to"/>), in one
    /// workspace or, when <paramref name="workspaceId"/> is null, in all. Such an order is placed after its
    /// conversation started, but may come any time while the conversation goes on, so every order since
    /// <paramref name="from"/> is attributed and the ones whose conversation started later are dropped.
    /// </summary>
    public async Task<IReadOnlyList<AttributedOrder>> ForConversationsStartedAsync(DateTime from, DateTime to, Guid? workspaceId, CancellationToken ct) =>
        [.. (await AttributeAsync(workspaceId, from, DateTime.MaxValue, ct)).Where(o => o.ConversationStartedAt >= from && o.ConversationStartedAt < to)];

    /// <summary>The orders attributed to one conversation of the workspace, newest first (none for another workspace's).</summary>
    public async Task<IReadOnlyList<AttributedOrder>> ForConversationAsync(Guid workspaceId, Guid conversationId, CancellationToken ct)
    {
        var startedAt = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.Id == conversationId && c.WorkspaceId == workspaceId).Select(c => (DateTime?)c.CreatedAt).SingleOrDefaultAsync(ct);
        if (startedAt is null) return [];
        return [.. (await AttributeAsync(workspaceId, startedAt.Value, DateTime.MaxValue, ct))
            .Where(o => o.ConversationId == conversationId).OrderByDescending(o => o.PlacedAt)];
    }

    private async Task<IReadOnlyList<AttributedOrder>> AttributeAsync(Guid? workspaceId, DateTime from, DateTime to, CancellationToken ct)
    {
        var orders = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(o => (workspaceId == null || o.WorkspaceId == workspaceId) && o.CreatedAt >= from && o.CreatedAt < to && o.CancelledAt == null
                        && (o.Email != null || o.Phone != null))
            .Select(o => new { o.Id, o.WorkspaceId, o.Name, o.CreatedAt, Revenue = o.TotalMinor - o.RefundedMinor, o.Currency, o.Email, o.Phone })
            .ToListAsync(ct);
        if (orders.Count == 0) return [];

        var emails = orders.Where(o => o.Email != null).Select(o => o.Email!.ToLowerInvariant()).Distinct().ToList();
        var phones = orders.Where(o => o.Phone != null).Select(o => o.Phone!).Distinct().ToList();
        var earliest = orders.Min(o => o.CreatedAt) - Window;
        var latest = orders.Max(o => o.CreatedAt);
        var touches = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => (workspaceId == null || c.WorkspaceId == workspaceId) && c.CreatedAt <= latest && c.LastMessageAt >= earliest
                        && ((c.Contact!.Email != null && emails.Contains(c.Contact.Email.ToLower())) || (c.Contact.Phone != null && phones.Contains(c.Contact.Phone))))
            .Select(c => new { c.Id, c.WorkspaceId, c.ContactId, c.CampaignId, c.Channel, c.CreatedAt, c.LastMessageAt, Email = c.Contact!.Email, c.Contact.Phone })
            .ToListAsync(ct);

        var window = Window;
        var result = new List<AttributedOrder>();
        foreach (var o in orders)
        {
            var touch = touches
                .Where(c => c.WorkspaceId == o.WorkspaceId)
                .Where(c => (o.Email != null && string.Equals(c.Email, o.Email, StringComparison.OrdinalIgnoreCase)) || (o.Phone != null && c.Phone == o.Phone))
                .Where(c => c.CreatedAt <= o.CreatedAt && o.CreatedAt - c.LastMessageAt <= window)
                .MaxBy(c => c.CreatedAt);
            if (touch is not null)
                result.Add(new AttributedOrder(o.Id, o.Name, o.CreatedAt, o.Revenue, o.Currency, touch.ContactId, touch.Id, touch.CampaignId, touch.Channel,
                    o.WorkspaceId, touch.CreatedAt));
        }
        return result;
    }

    /// <summary>What analytics shows: attributed orders and revenue, optionally for one campaign or channel.</summary>
    public async Task<AttributionTotals> TotalsAsync(Guid workspaceId, DateTime from, DateTime to, CancellationToken ct,
        Guid? campaignId = null, ConversationChannel? channel = null)
    {
        var orders = (await OrdersAsync(workspaceId, from, to, ct))
            .Where(o => (campaignId is null || o.CampaignId == campaignId) && (channel is null || o.Channel == channel)).ToList();
        return new AttributionTotals(orders.Count,
            orders.GroupBy(o => o.Currency).ToDictionary(g => g.Key, g => g.Sum(o => o.RevenueMinor)));
    }
}
