using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Commerce;

public enum ShopifyWebhookOutcome { Accepted, Duplicate, BadSignature, Malformed }

public sealed record ShopifyWebhookHeaders(string? Topic, string? ShopDomain, string? WebhookId, string? Hmac, string? TriggeredAt);

/// <summary>
/// The entrance for Shopify webhooks: the HMAC over the raw bytes is checked (in constant time, with the current and
/// the previous secret) before anything is parsed, the delivery is stored once by <c>X-Shopify-Webhook-Id</c> and
/// queued, and the endpoint answers. <see cref="ApplyShopifyWebhook"/> does the work.
/// </summary>
public sealed class ShopifyWebhookReceiver(StreamlineDbContext db, IOptions<ShopifyOptions> options, IBackgroundJobClient jobs, TimeProvider clock,
    ILogger<ShopifyWebhookReceiver> log)
{
    public static readonly string[] Topics =
    [
        "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "refunds/create", "customers/update", "app/uninstalled",
        "customers/data_request", "customers/redact", "shop/redact",
    ];

    public async Task<ShopifyWebhookOutcome> ReceiveAsync(byte[] body, ShopifyWebhookHeaders headers, CancellationToken ct)
    {
        if (!SignatureMatches(body, headers.Hmac))
        {
            log.LogWarning("Shopify webhook refused: bad or missing HMAC for {Shop}", Clip(headers.ShopDomain));
            return ShopifyWebhookOutcome.BadSignature;
        }
        if (headers.WebhookId is not { Length: > 0 and <= 255 } id || headers.Topic is not { Length: > 0 and <= 100 } topic
            || ShopifyConnections.NormalizeShopDomain(headers.ShopDomain) is not { } shop || !IsJsonObject(body))
            return ShopifyWebhookOutcome.Malformed;

        if (await db.ShopifyWebhooks.AsNoTracking().AnyAsync(w => w.Id == id, ct)) return ShopifyWebhookOutcome.Duplicate;
        var delivery = new ShopifyWebhookDelivery
        {
            Id = id, Topic = topic, ShopDomain = shop, Payload = Encoding.UTF8.GetString(body), ReceivedAt = clock.GetUtcNow().UtcDateTime,
            TriggeredAt = DateTimeOffset.TryParse(headers.TriggeredAt, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var at) ? at.UtcDateTime : null,
        };
        db.ShopifyWebhooks.Add(delivery);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(delivery).State = EntityState.Detached;
            if (!await db.ShopifyWebhooks.AsNoTracking().AnyAsync(w => w.Id == id, ct)) throw;
            return ShopifyWebhookOutcome.Duplicate;
        }
        // A lost enqueue is found again by the minutely sweep (ScheduleShopifySyncs).
        jobs.Enqueue<ApplyShopifyWebhook>(j => j.RunAsync(id, CancellationToken.None));
        return ShopifyWebhookOutcome.Accepted;
    }

    public static string Sign(byte[] body, string secret) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private bool SignatureMatches(byte[] body, string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 100) return false;
        var given = new byte[64];
        if (!Convert.TryFromBase64String(header.Trim(), given, out var length) || length != 32) return false;
        var match = false;
        foreach (var secret in options.Value.WebhookSecrets())
            match |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), given.AsSpan(0, 32));
        return match;
    }

    private static bool IsJsonObject(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Clip(string? text) => text is { Length: > 100 } ? text[..100] : text;
}

/// <summary>
/// Applies one stored delivery under a lease. Orders and customers go through <see cref="CommerceUpserts"/>, so a late
/// retry of an older update never overwrites a newer copy; refunds merge by refund id; the privacy topics erase or
/// export for real.
/// </summary>
public sealed class ApplyShopifyWebhook(
    StreamlineDbContext db, CommerceUpserts upserts, ShopifyConnections connections, Email.EmailOutbox outbox, TimeProvider clock,
    ILogger<ApplyShopifyWebhook> log)
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task RunAsync(string deliveryId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.ShopifyWebhooks
            .Where(w => w.Id == deliveryId && w.ProcessedAt == null && (w.LockedUntil == null || w.LockedUntil < now) && w.Attempts < MaxAttempts)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.LockedUntil, now + Lease).SetProperty(w => w.Attempts, w => w.Attempts + 1), ct);
        if (claimed == 0) return;

        var delivery = await db.ShopifyWebhooks.AsNoTracking().SingleAsync(w => w.Id == deliveryId, ct);
        string outcome;
        try
        {
            outcome = await ApplyAsync(delivery, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Applying Shopify webhook {Id} ({Topic}) failed", deliveryId, delivery.Topic);
            db.ChangeTracker.Clear();
            var wait = TimeSpan.FromMinutes(Math.Min(60, delivery.Attempts * delivery.Attempts));
            await db.ShopifyWebhooks.Where(w => w.Id == deliveryId).ExecuteUpdateAsync(u => u
                .SetProperty(w => w.LockedUntil, now + wait)
                .SetProperty(w => w.Outcome, Clip("Failed: " + e.Message)), CancellationToken.None);
            return;
        }
        await db.ShopifyWebhooks.Where(w => w.Id == deliveryId).ExecuteUpdateAsync(u => u
            .SetProperty(w => w.ProcessedAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(w => w.LockedUntil, (DateTime?)null)
            .SetProperty(w => w.Outcome, Clip(outcome)), ct);
    }

    private async Task<string> ApplyAsync(ShopifyWebhookDelivery delivery, CancellationToken ct)
    {
        var store = await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .SingleOrDefaultAsync(s => s.ShopDomain == delivery.ShopDomain, ct);
        if (store is null) return "No workspace has this shop: ignored.";
        using var doc = JsonDocument.Parse(delivery.Payload);
        var body = doc.RootElement;

        switch (delivery.Topic)
        {
            case "orders/create" or "orders/updated" or "orders/paid" or "orders/cancelled":
            {
                var written = await upserts.OrdersAsync(store, [ShopifyRest.ReadOrder(body)], ct);
                await db.SaveChangesAsync(ct);
                return written == 0 ? "Older than the stored order: ignored." : "Order stored.";
            }
            case "refunds/create":
                return await MergeRefundAsync(store, body, ct);
            case "customers/update":
            {
                var written = await upserts.CustomersAsync(store, [ShopifyRest.ReadCustomer(body)], ct);
                await db.SaveChangesAsync(ct);
                return written == 0 ? "Older than the stored customer: ignored." : "Customer stored.";
            }
            case "app/uninstalled":
                await connections.DisconnectAsync(store.WorkspaceId, store.Id, ct);
                return "The app was uninstalled: the store is disconnected, its data kept read-only.";
            case "customers/redact":
                return await RedactCustomerAsync(store, body, ct);
            case "shop/redact":
                await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).Where(o => o.StoreId == store.Id).ExecuteDeleteAsync(ct);
                await db.CommerceCustomers.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.StoreId == store.Id).ExecuteDeleteAsync(ct);
                await db.CommerceProducts.IgnoreQueryFilters(QueryFilters.Workspace).Where(p => p.StoreId == store.Id).ExecuteDeleteAsync(ct);
                await connections.DisconnectAsync(store.WorkspaceId, store.Id, ct);
                return "Shop data erased.";
            case "customers/data_request":
                return await ExportCustomerAsync(store, body, ct);
            default:
                return $"Topic {delivery.Topic} is not handled: ignored.";
        }
    }

    private async Task<string> MergeRefundAsync(ShopifyStore store, JsonElement body, CancellationToken ct)
    {
        if (!body.TryGetProperty("order_id", out var orderId) || orderId.ValueKind != JsonValueKind.Number)
            return "The refund names no order: ignored.";
        var gid = $"gid://shopify/Order/{orderId.GetRawText()}";
        var order = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).SingleOrDefaultAsync(o => o.StoreId == store.Id && o.ShopifyId == gid, ct);
        // The order's updated_at moves with the refund, so the next sync brings both.
        if (order is null) return "The order is not synced yet: the next sync brings the refund with it.";
        var refund = ShopifyRest.ReadRefund(body, order.Currency);
        var details = OrderDetails.Read(order.DetailsJson);
        if (details.Refunds.Any(r => r.Id == refund.Id)) return "Refund already recorded.";
        details = details with { Refunds = [.. details.Refunds, refund] };
        order.DetailsJson = details.Write();
        order.RefundedMinor = details.Refunds.Sum(r => r.AmountMinor);
        await db.SaveChangesAsync(ct);
        return "Refund recorded.";
    }

    private async Task<string> RedactCustomerAsync(ShopifyStore store, JsonElement body, CancellationToken ct)
    {
        var (gid, email, phone) = Person(body);
        var orderIds = ShopifyRest.List(body, "orders_to_redact").Where(o => o.ValueKind == JsonValueKind.Number)
            .Select(o => $"gid://shopify/Order/{o.GetRawText()}").ToList();
        var orders = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(o => o.StoreId == store.Id && (orderIds.Contains(o.ShopifyId) || (gid != null && o.CustomerShopifyId == gid)
                                                  || (email != null && o.Email == email)))
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Email, (string?)null).SetProperty(o => o.Phone, (string?)null)
                .SetProperty(o => o.CustomerName, (string?)null).SetProperty(o => o.CustomerShopifyId, (string?)null), ct);
        var customers = await db.CommerceCustomers.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(c => c.StoreId == store.Id && ((gid != null && c.ShopifyId == gid) || (email != null && c.Email == email) || (phone != null && c.Phone == phone)))
            .ExecuteDeleteAsync(ct);
        return $"Customer erased: {customers} customer record(s) deleted, {orders} order(s) stripped of personal data.";
    }

    private async Task<string> ExportCustomerAsync(ShopifyStore store, JsonElement body, CancellationToken ct)
    {
        var (gid, email, _) = Person(body);
        var customers = await db.CommerceCustomers.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.StoreId == store.Id && ((gid != null && c.ShopifyId == gid) || (email != null && c.Email == email))).ToListAsync(ct);
        var orders = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(o => o.StoreId == store.Id && ((gid != null && o.CustomerShopifyId == gid) || (email != null && o.Email == email)))
            .OrderBy(o => o.CreatedAt).ToListAsync(ct);
        var export = JsonSerializer.Serialize(new
        {
            shop = store.ShopDomain,
            customers = customers.Select(c => new { id = c.ShopifyId, first_name = c.FirstName, last_name = c.LastName, email = c.Email, phone = c.Phone }),
            orders = orders.Select(o => new
            {
                id = o.ShopifyId, name = o.Name, created_at = o.CreatedAt, email = o.Email, phone = o.Phone, currency = o.Currency,
                total = ShopMoney.ToDecimal(o.TotalMinor, o.Currency), financial_status = o.FinancialStatus, fulfillment_status = o.FulfillmentStatus,
                details = OrderDetails.Read(o.DetailsJson),
            }),
        }, OrderDetails.Json);
        var values = new Dictionary<string, string> { ["Shop"] = store.ShopDomain, ["Customer"] = email ?? gid ?? "unknown", ["Data"] = export };
        foreach (var to in await db.OwnerEmailsAsync(store.WorkspaceId, ct))
            outbox.Queue(to, "shopify-data-request", values);
        await db.SaveChangesAsync(ct);
        return $"Data request answered: {customers.Count} customer record(s) and {orders.Count} order(s) e-mailed to the workspace owners.";
    }

    private static (string? Gid, string? Email, string? Phone) Person(JsonElement body)
    {
        if (!body.TryGetProperty("customer", out var c) || c.ValueKind != JsonValueKind.Object) return (null, null, null);
        string? gid = null;
        try { gid = ShopifyRest.Gid(c, "Customer"); } catch (FormatException) { }
        return (gid, CommerceUpserts.NormalizeEmail(ShopifyRest.Str(c, "email")), ShopifyRest.Str(c, "phone"));
    }

    private static string Clip(string text) => text.Length <= 500 ? text : text[..500];
}
