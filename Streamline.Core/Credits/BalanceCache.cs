using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Streamline.Core.Data;

namespace Streamline.Core.Credits;

/// <summary>
/// Workspace balances as the top bar of every page shows them, kept in memory so a page costs no extra query.
/// Every balance change made on this instance forgets the workspace's entry at once (<see cref="CreditService"/>
/// and the PostgreSQL batches that carry a hold or a capture); changes made by other instances show within
/// <see cref="Lifetime"/>.
/// </summary>
public sealed class BalanceCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private CancellationTokenSource _everything = new();
    private long _changes;

    /// <summary>The balance in millicredits; null when the workspace has no wallet yet.</summary>
    public async Task<long?> GetAsync(StreamlineDbContext db, Guid workspaceId, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(workspaceId), out long? cached)) return cached;
        // A change that lands while this read is on its way may not be in it: then the read is not remembered.
        var changesBefore = Interlocked.Read(ref _changes);
        var everything = _everything.Token;
        var fresh = await db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(w => w.WorkspaceId == workspaceId).Select(w => (long?)w.BalanceMillicredits).SingleOrDefaultAsync(ct);
        if (Interlocked.Read(ref _changes) == changesBefore)
            cache.Set(Key(workspaceId), fresh, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime }
                .AddExpirationToken(new CancellationChangeToken(everything)));
        return fresh;
    }

    public void Forget(Guid workspaceId)
    {
        Interlocked.Increment(ref _changes);
        cache.Remove(Key(workspaceId));
    }

    /// <summary>For a change whose workspace is not at hand (a reservation closed by id).</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _changes);
        // Not disposed: a read in flight may still hold its token, and a source without a timer holds nothing to free.
        Interlocked.Exchange(ref _everything, new CancellationTokenSource()).Cancel();
    }

    private static string Key(Guid workspaceId) => $"balance:{workspaceId:N}";
}
