using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Commerce;

/// <summary>An order tied to the conversation that led to it (last touch), with that conversation's campaign and channel.</summary>
public sealed record AttributedOrder(
    Guid OrderId, string OrderName, DateTime PlacedAt, long RevenueMinor, string Currency, Guid ContactId, Guid ConversationId, Guid? CampaignId,
    ConversationChannel Channel);

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
    public async Task<IReadOnlyList<AttributedOrder>> OrdersAsync(Guid workspaceId, DateTime from, DateTime to, CancellationToken ct)
    {
        var orders = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(o => o.WorkspaceId == workspaceId && o.CreatedAt >= from && o.CreatedAt < to && o.CancelledAt == null
                        && (o.Email != null || o.Phone != null))
            .Select(o => new { o.Id, o.Name, o.CreatedAt, Revenue = o.TotalMinor - o.RefundedMinor, o.Currency, o.Email, o.Phone })
            .ToListAsync(ct);
        if (orders.Count == 0) return [];

        var emails = orders.Where(o => o.Email != null).Select(o => o.Email!).Distinct().ToList();
        var phones = orders.Where(o => o.Phone != null).Select(o => o.Phone!).Distinct().ToList();
        var earliest = orders.Min(o => o.CreatedAt) - Window;
        var latest = orders.Max(o => o.CreatedAt);
        var touches = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.CreatedAt <= latest && c.LastMessageAt >= earliest
                        && ((c.Contact!.Email != null && emails.Contains(c.Contact.Email.ToLower())) || (c.Contact.Phone != null && phones.Contains(c.Contact.Phone))))
            .Select(c => new { c.Id, c.ContactId, c.CampaignId, c.Channel, c.CreatedAt, c.LastMessageAt, Email = c.Contact!.Email, c.Contact.Phone })
            .ToListAsync(ct);

        var window = Window;
        var result = new List<AttributedOrder>();
        foreach (var o in orders)
        {
            var touch = touches
                .Where(c => (o.Email != null && string.Equals(c.Email, o.Email, StringComparison.OrdinalIgnoreCase)) || (o.Phone != null && c.Phone == o.Phone))
                .Where(c => c.CreatedAt <= o.CreatedAt && o.CreatedAt - c.LastMessageAt <= window)
                .MaxBy(c => c.CreatedAt);
            if (touch is not null)
                result.Add(new AttributedOrder(o.Id, o.Name, o.CreatedAt, o.Revenue, o.Currency, touch.ContactId, touch.Id, touch.CampaignId, touch.Channel));
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
