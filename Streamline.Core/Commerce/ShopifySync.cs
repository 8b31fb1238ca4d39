using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;

namespace Streamline.Core.Commerce;

public enum SyncOutcome { Completed, Busy, Disconnected, LostLease, Failed }

/// <summary>
/// Imports a store's customers, products and orders page by page, newest change last (<c>sortKey: UPDATED_AT</c>).
/// Each page's rows and the checkpoint (phase and cursor) are committed in one transaction, so a run that dies resumes
/// after its last committed page and a page seen twice changes nothing. A lease on the store row, renewed with each
/// page, keeps it to one run per store across every worker process. A run after the first asks only for what changed
/// since the previous run began.
/// </summary>
public sealed class ShopifySync(
    StreamlineDbContext db, ShopifyClients clients, ShopifyOAuth oauth, CommerceUpserts upserts, IOptions<ShopifyOptions> options, TimeProvider clock,
    ILogger<ShopifySync> log)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ErrorRetry = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AuthRetry = TimeSpan.FromHours(1);

    /// <summary>Re-reads a little before the last run's start, so a change stamped by a clock slightly behind ours is not missed.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    public async Task<SyncOutcome> RunAsync(Guid storeId, CancellationToken ct)
    {
        var owner = Guid.NewGuid();
        var now = Now;
        var claimed = await Stores.Where(s => s.Id == storeId && s.Connection == StoreConnection.Connected
                                              && (s.SyncLeaseUntil == null || s.SyncLeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SyncLeaseOwner, owner).SetProperty(s => s.SyncLeaseUntil, now + Lease), ct);
        if (claimed == 0)
            return await Stores.AnyAsync(s => s.Id == storeId && s.Connection == StoreConnection.Connected, ct) ? SyncOutcome.Busy : SyncOutcome.Disconnected;

        try
        {
            var store = await Stores.AsNoTracking().SingleAsync(s => s.Id == storeId, ct);
            await oauth.RenewIfDueAsync(store, ct);
            var client = clients.For(store);
            if (store.SyncPhase == SyncPhase.Idle && !await StartRunAsync(store, client, owner, ct)) return SyncOutcome.LostLease;
            return await PageAsync(storeId, client, owner, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // a stopped worker: the lease runs out and the next run resumes from the checkpoint
        }
        catch (ShopifyAuthException e)
        {
            log.LogWarning("Shopify refused the sync of store {StoreId}: {Reason}", storeId, e.Message);
            await ReleaseAsync(storeId, owner, e.Message, AuthRetry);
            return SyncOutcome.Failed;
        }
        catch (Exception e)
        {
            log.LogError(e, "Syncing Shopify store {StoreId} failed", storeId);
            await ReleaseAsync(storeId, owner, e is ShopifyApiException ? e.Message : "The sync stopped on an unexpected error; it will try again.", ErrorRetry);
            return SyncOutcome.Failed;
        }
    }

    private async Task<bool> StartRunAsync(ShopifyStore store, ShopifyAdminClient client, Guid owner, CancellationToken ct)
    {
        var startedAt = Now;
        DateTime? since = store.SyncedThrough is { } through ? through - Overlap : null;
        int? expected = null;
        var count = await client.QueryAsync("OrdersCount", ShopifyQueries.OrdersCount, new JsonObject { ["query"] = Filter(since) }, ct);
        if (count.TryGetProperty("ordersCount", out var oc) && oc.ValueKind == JsonValueKind.Object && oc.TryGetProperty("count", out var n))
            expected = n.GetInt32();
        var updated = await Mine(store.Id, owner).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.SyncPhase, SyncPhase.Customers)
            .SetProperty(s => s.SyncCursor, (string?)null)
            .SetProperty(s => s.SyncSince, since)
            .SetProperty(s => s.SyncRunStartedAt, startedAt)
            .SetProperty(s => s.RunOrdersSynced, 0)
            .SetProperty(s => s.RunOrdersExpected, expected)
            .SetProperty(s => s.LastSyncError, (string?)null)
            .SetProperty(s => s.SyncLeaseUntil, startedAt + Lease), ct);
        return updated == 1;
    }

    private async Task<SyncOutcome> PageAsync(Guid storeId, ShopifyAdminClient client, Guid owner, CancellationToken ct)
    {
        var pageSize = Math.Clamp(options.Value.PageSize, 1, 250);
        while (true)
        {
            var store = await Stores.AsNoTracking().SingleAsync(s => s.Id == storeId, ct);
            if (store.SyncPhase == SyncPhase.Idle) return SyncOutcome.Completed;
            var (operation, query, field) = store.SyncPhase switch
            {
                SyncPhase.Customers => ("Customers", ShopifyQueries.Customers, "customers"),
                SyncPhase.Products => ("Products", ShopifyQueries.Products, "products"),
                _ => ("Orders", ShopifyQueries.Orders, "orders"),
            };
            var data = await client.QueryAsync(operation, query, new JsonObject
            {
                ["first"] = pageSize, ["after"] = store.SyncCursor, ["query"] = Filter(store.SyncSince),
            }, ct);
            var connection = data.GetProperty(field);
            var nodes = connection.GetProperty("nodes").EnumerateArray().ToList();
            var pageInfo = connection.GetProperty("pageInfo");
            var hasNext = pageInfo.GetProperty("hasNextPage").GetBoolean();
            var end = pageInfo.TryGetProperty("endCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var orders = 0;
            switch (store.SyncPhase)
            {
                case SyncPhase.Customers:
                    await upserts.CustomersAsync(store, [.. nodes.Select(ShopifyQueries.ReadCustomer)], ct);
                    break;
                case SyncPhase.Products:
                    await upserts.ProductsAsync(store, [.. nodes.Select(n => ShopifyQueries.ReadProduct(n, store.Currency))], ct);
                    break;
                default:
                    await upserts.OrdersAsync(store, [.. nodes.Select(ShopifyQueries.ReadOrder)], ct);
                    orders = nodes.Count;
                    break;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();

            var next = hasNext && end is not null ? store.SyncPhase : Next(store.SyncPhase);
            var cursor = next == store.SyncPhase ? end : null;
            var now = Now;
            var done = next == SyncPhase.Idle;
            var checkpointed = await Mine(storeId, owner).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.SyncPhase, next)
                .SetProperty(s => s.SyncCursor, cursor)
                .SetProperty(s => s.RunOrdersSynced, s => s.RunOrdersSynced + orders)
                .SetProperty(s => s.SyncedThrough, s => done ? s.SyncRunStartedAt : s.SyncedThrough)
                .SetProperty(s => s.LastSyncCompletedAt, s => done ? now : s.LastSyncCompletedAt)
                .SetProperty(s => s.SyncLeaseOwner, s => done ? null : s.SyncLeaseOwner)
                .SetProperty(s => s.SyncLeaseUntil, done ? null : now + Lease), ct);
            if (checkpointed == 0)
            {
                // Another worker took the store over after our lease ran out: its run owns the checkpoint now.
                await tx.RollbackAsync(CancellationToken.None);
                return SyncOutcome.LostLease;
            }
            await tx.CommitAsync(ct);
            if (done) return SyncOutcome.Completed;
        }
    }

    private static SyncPhase Next(SyncPhase phase) => phase switch
    {
        SyncPhase.Customers => SyncPhase.Products,
        SyncPhase.Products => SyncPhase.Orders,
        _ => SyncPhase.Idle,
    };

    private static string? Filter(DateTime? since) =>
        since is { } at ? $"updated_at:>='{at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}'" : null;

    /// <summary>
    /// Ends a failed run, keeping its checkpoint. The lease stays as "not before": the schedule resumes the run once it
    /// has passed, rather than calling a shop that refuses the token every minute.
    /// </summary>
    private async Task ReleaseAsync(Guid storeId, Guid owner, string error, TimeSpan retryAfter)
    {
        db.ChangeTracker.Clear();
        var notBefore = Now + retryAfter;
        await Mine(storeId, owner).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.SyncLeaseOwner, (Guid?)null)
            .SetProperty(s => s.SyncLeaseUntil, notBefore)
            .SetProperty(s => s.LastSyncError, error.Length <= 1000 ? error : error[..1000]), CancellationToken.None);
    }

    private IQueryable<ShopifyStore> Stores => db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace);

    private IQueryable<ShopifyStore> Mine(Guid storeId, Guid owner) => Stores.Where(s => s.Id == storeId && s.SyncLeaseOwner == owner);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <summary>Runs a store's sync (Hangfire job).</summary>
public sealed class SyncShopifyStore(ShopifySync sync)
{
    public Task RunAsync(Guid storeId, CancellationToken ct) => sync.RunAsync(storeId, ct);
}

/// <summary>
/// Every minute: starts the incremental sync of stores whose last run ended an interval ago, resumes runs left
/// unfinished (a crash, a lost queue) once their lease has run out, and re-queues webhooks nobody applied.
/// </summary>
public sealed class ScheduleShopifySyncs(StreamlineDbContext db, IBackgroundJobClient jobs, IOptions<ShopifyOptions> options, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = now.AddMinutes(-Math.Max(1, options.Value.SyncIntervalMinutes));
        var stores = await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(s => s.Connection == StoreConnection.Connected && (s.SyncLeaseUntil == null || s.SyncLeaseUntil < now)
                        && (s.SyncPhase != SyncPhase.Idle || s.LastSyncCompletedAt == null || s.LastSyncCompletedAt < due))
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var id in stores) jobs.Enqueue<SyncShopifyStore>(j => j.RunAsync(id, CancellationToken.None));

        // Webhooks stored but never applied: a lost enqueue, a crash, or a failure whose pause has passed.
        var stale = now.AddMinutes(-1);
        var deliveries = await db.ShopifyWebhooks.AsNoTracking()
            .Where(w => w.ProcessedAt == null && w.ReceivedAt < stale && (w.LockedUntil == null || w.LockedUntil < now) && w.Attempts < ApplyShopifyWebhook.MaxAttempts)
            .OrderBy(w => w.ReceivedAt).Select(w => w.Id).Take(500).ToListAsync(ct);
        foreach (var id in deliveries) jobs.Enqueue<ApplyShopifyWebhook>(j => j.RunAsync(id, CancellationToken.None));
    }
}
