using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Commerce;

/// <summary>
/// Writes what a sync page or a webhook reported, keyed by Shopify's GID per store so a page seen twice changes
/// nothing; a snapshot older than the stored row (by <c>updated_at</c>) is ignored. Adds to the context, never saves.
/// </summary>
public sealed class CommerceUpserts(StreamlineDbContext db)
{
    public async Task<int> OrdersAsync(ShopifyStore store, IReadOnlyList<OrderSnapshot> snapshots, CancellationToken ct)
    {
        var ids = snapshots.Select(s => s.ShopifyId).ToList();
        var existing = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(o => o.StoreId == store.Id && ids.Contains(o.ShopifyId)).ToDictionaryAsync(o => o.ShopifyId, ct);
        var written = 0;
        foreach (var s in snapshots)
        {
            if (!existing.TryGetValue(s.ShopifyId, out var order))
            {
                order = new CommerceOrder { WorkspaceId = store.WorkspaceId, StoreId = store.Id, ShopifyId = s.ShopifyId, Name = s.Name, Currency = s.Currency };
                db.CommerceOrders.Add(order);
                existing[s.ShopifyId] = order;
            }
            else if (s.UpdatedAt < order.UpdatedAt) continue;
            Apply(order, s);
            written++;
        }
        return written;
    }

    public async Task<int> CustomersAsync(ShopifyStore store, IReadOnlyList<CustomerSnapshot> snapshots, CancellationToken ct)
    {
        var ids = snapshots.Select(s => s.ShopifyId).ToList();
        var existing = await db.CommerceCustomers.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(c => c.StoreId == store.Id && ids.Contains(c.ShopifyId)).ToDictionaryAsync(c => c.ShopifyId, ct);
        var written = 0;
        foreach (var s in snapshots)
        {
            if (!existing.TryGetValue(s.ShopifyId, out var customer))
            {
                customer = new CommerceCustomer { WorkspaceId = store.WorkspaceId, StoreId = store.Id, ShopifyId = s.ShopifyId };
                db.CommerceCustomers.Add(customer);
                existing[s.ShopifyId] = customer;
            }
            else if (s.UpdatedAt < customer.UpdatedAt) continue;
            customer.FirstName = Cut(s.FirstName, 255);
            customer.LastName = Cut(s.LastName, 255);
            customer.Email = NormalizeEmail(s.Email);
            customer.Phone = Cut(s.Phone, 50);
            customer.UpdatedAt = s.UpdatedAt;
            written++;
        }
        return written;
    }

    public async Task<int> ProductsAsync(ShopifyStore store, IReadOnlyList<ProductSnapshot> snapshots, CancellationToken ct)
    {
        var ids = snapshots.Select(s => s.ShopifyId).ToList();
        var existing = await db.CommerceProducts.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(p => p.StoreId == store.Id && ids.Contains(p.ShopifyId)).ToDictionaryAsync(p => p.ShopifyId, ct);
        var written = 0;
        foreach (var s in snapshots)
        {
            if (!existing.TryGetValue(s.ShopifyId, out var product))
            {
                product = new CommerceProduct { WorkspaceId = store.WorkspaceId, StoreId = store.Id, ShopifyId = s.ShopifyId, Title = s.Title };
                db.CommerceProducts.Add(product);
                existing[s.ShopifyId] = product;
            }
            else if (s.UpdatedAt < product.UpdatedAt) continue;
            product.Title = Cut(s.Title, 255)!;
            product.Status = s.Status;
            product.MinPriceMinor = s.MinPriceMinor;
            product.TotalInventory = s.TotalInventory;
            product.UpdatedAt = s.UpdatedAt;
            written++;
        }
        return written;
    }

    private static void Apply(CommerceOrder order, OrderSnapshot s)
    {
        order.Name = Cut(s.Name, 50)!;
        order.Number = int.TryParse(new string([.. s.Name.Where(char.IsAsciiDigit)]), out var number) ? number : 0;
        order.Email = NormalizeEmail(s.Email);
        order.Phone = Cut(s.Phone, 50);
        order.CustomerShopifyId = s.CustomerShopifyId;
        order.CustomerName = Cut(s.CustomerName, 255);
        order.Currency = s.Currency.ToUpperInvariant();
        order.TotalMinor = s.TotalMinor;
        order.RefundedMinor = s.Details.Refunds.Sum(r => r.AmountMinor);
        order.FinancialStatus = Cut(s.FinancialStatus, 32);
        order.FulfillmentStatus = Cut(s.FulfillmentStatus, 32);
        order.CreatedAt = s.CreatedAt;
        order.UpdatedAt = s.UpdatedAt;
        order.CancelledAt = s.CancelledAt;
        order.ClosedAt = s.ClosedAt;
        order.DetailsJson = s.Details.Write();
    }

    internal static string? NormalizeEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : Cut(email.Trim().ToLowerInvariant(), 256);

    private static string? Cut(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];
}
