using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Credits;

public sealed record CreditResult(
    bool Succeeded, bool Duplicate, bool Insufficient, bool Paused, long BalanceAfter, Guid? EntryId)
{
    internal static CreditResult Applied(LedgerEntry e) => new(true, false, false, false, e.BalanceAfterMillicredits, e.Id);
    internal static CreditResult Repeated(LedgerEntry e) => new(true, true, false, false, e.BalanceAfterMillicredits, e.Id);
    internal static CreditResult Short(long balance) => new(false, false, true, false, balance, null);
    internal static CreditResult OnPause(long balance) => new(false, false, false, true, balance, null);
}

public sealed record WalletDiscrepancy(Guid WalletId, Guid WorkspaceId, long BalanceMillicredits, long LedgerSumMillicredits);

/// <summary>
/// The only way to change a balance. Every change is one conditional UPDATE of the wallet plus one
/// ledger entry in one transaction; the UNIQUE idempotency key makes a repeated call a no-op that
/// answers with the first result. Works on SQLite, PostgreSQL and SQL Server.
/// </summary>
public sealed class CreditService(StreamlineDbContext db, TimeProvider clock)
{
    private static readonly string[] Workspace = [StreamlineDbContext.WorkspaceFilter];

    // SQLite allows one writer per database file. Microsoft.Data.Sqlite waits for a busy lock by
    // blocking its thread in 150 ms sleeps, which starves the thread pool and gives seconds of tail
    // latency under load; an async queue per file in this process avoids both. SQLite runs in one
    // process here (the Workers host refuses it); the busy wait stays as the backstop.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new();

    private static readonly LedgerEntryType[] SpendTypes = [LedgerEntryType.Consumption, LedgerEntryType.AdminRemoval];

    private static readonly LedgerEntryType[] GrantTypes =
    [
        LedgerEntryType.Purchase, LedgerEntryType.SubscriptionGrant, LedgerEntryType.PromotionBonus,
        LedgerEntryType.AdminGrant, LedgerEntryType.Refund, LedgerEntryType.DisputeCredit,
    ];

    // The service names its workspace explicitly (admins and jobs act across workspaces), so it
    // filters by id itself instead of relying on the request's workspace scope.
    private IQueryable<Wallet> Wallets => db.Wallets.IgnoreQueryFilters(Workspace);
    private IQueryable<LedgerEntry> Ledger => db.LedgerEntries.IgnoreQueryFilters(Workspace);

    public async Task<Wallet> EnsureWalletAsync(Guid workspaceId, CancellationToken ct = default)
    {
        var existing = await Wallets.AsNoTracking().SingleOrDefaultAsync(w => w.WorkspaceId == workspaceId, ct);
        if (existing is not null) return existing;

        var now = clock.GetUtcNow().UtcDateTime;
        var wallet = new Wallet { WorkspaceId = workspaceId, CreatedAt = now, UpdatedAt = now };
        db.Wallets.Add(wallet);
        try
        {
            await db.SaveChangesAsync(ct);
            return wallet;
        }
        catch (DbUpdateException)
        {
            // Another caller created it first (unique WorkspaceId); theirs is the wallet.
            db.Entry(wallet).State = EntityState.Detached;
            var theirs = await Wallets.AsNoTracking().SingleOrDefaultAsync(w => w.WorkspaceId == workspaceId, ct);
            if (theirs is null) throw; // not a race: e.g. the workspace does not exist
            return theirs;
        }
    }

    /// <summary>Adds credits. Allowed on a paused wallet: pausing stops spending, not income.</summary>
    public async Task<CreditResult> GrantAsync(Guid workspaceId, long amount, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, CancellationToken ct = default)
    {
        if (!GrantTypes.Contains(type)) throw new ArgumentException($"{type} is not a grant.", nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        if (await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
        await EnsureWalletAsync(workspaceId, ct);
        return await ApplyAsync(workspaceId, amount, type, reason, idempotencyKey, actor, related, ct);
    }

    /// <summary>Removes credits if the wallet is active and holds enough; otherwise writes nothing.</summary>
    public async Task<CreditResult> SpendAsync(Guid workspaceId, long amount, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, CancellationToken ct = default)
    {
        if (!SpendTypes.Contains(type)) throw new ArgumentException($"{type} is not a spend.", nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        if (await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
        return await ApplyAsync(workspaceId, -amount, type, reason, idempotencyKey, actor, related, ct);
    }

    public async Task SetStatusAsync(Guid workspaceId, WalletStatus status, CancellationToken ct = default)
    {
        await EnsureWalletAsync(workspaceId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await Wallets.Where(w => w.WorkspaceId == workspaceId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, status)
            .SetProperty(w => w.UpdatedAt, now), ct);
    }

    public Task<long?> BalanceAsync(Guid workspaceId, CancellationToken ct = default) =>
        Wallets.Where(w => w.WorkspaceId == workspaceId).Select(w => (long?)w.BalanceMillicredits).SingleOrDefaultAsync(ct);

    /// <summary>Wallets whose balance differs from the sum of their ledger: each one is a bug or tampering.</summary>
    public Task<List<WalletDiscrepancy>> ReconcileAsync(CancellationToken ct = default) =>
        Wallets
            .Select(w => new
            {
                w.Id,
                w.WorkspaceId,
                w.BalanceMillicredits,
                Sum = Ledger.Where(e => e.WalletId == w.Id).Sum(e => (long?)e.AmountMillicredits) ?? 0L,
            })
            .Where(x => x.BalanceMillicredits != x.Sum)
            .Select(x => new WalletDiscrepancy(x.Id, x.WorkspaceId, x.BalanceMillicredits, x.Sum))
            .ToListAsync(ct);

    private Task<LedgerEntry?> FindAsync(string idempotencyKey, CancellationToken ct) =>
        Ledger.AsNoTracking().SingleOrDefaultAsync(e => e.IdempotencyKey == idempotencyKey, ct);

    private async Task<CreditResult> ApplyAsync(Guid workspaceId, long delta, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, CancellationToken ct)
    {
        var writer = db.Database.IsSqlite()
            ? SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1))
            : null;
        if (writer is null) return await ApplyInTransactionAsync(workspaceId, delta, type, reason, idempotencyKey, actor, related, ct);
        await writer.WaitAsync(ct);
        try
        {
            return await ApplyInTransactionAsync(workspaceId, delta, type, reason, idempotencyKey, actor, related, ct);
        }
        finally
        {
            writer.Release();
        }
    }

    private async Task<CreditResult> ApplyInTransactionAsync(Guid workspaceId, long delta, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // On SQLite this is BEGIN IMMEDIATE: the write lock is taken up front, so the transaction
        // never has to upgrade a read lock and the read-back below sees only our own write.
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var debit = -delta;
        var changed = delta > 0
            ? await Wallets.Where(w => w.WorkspaceId == workspaceId).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.BalanceMillicredits, w => w.BalanceMillicredits + delta)
                .SetProperty(w => w.UpdatedAt, now), ct)
            : await Wallets
                .Where(w => w.WorkspaceId == workspaceId && w.Status == WalletStatus.Active && w.BalanceMillicredits >= debit)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(w => w.BalanceMillicredits, w => w.BalanceMillicredits - debit)
                    .SetProperty(w => w.UpdatedAt, now), ct);

        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            // A concurrent call with our key may have taken the last credits while we waited for
            // the row: that is a repeat, not a shortage.
            if (await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
            var state = await Wallets.AsNoTracking().Where(w => w.WorkspaceId == workspaceId)
                .Select(w => new { w.Status, w.BalanceMillicredits }).SingleOrDefaultAsync(ct);
            return state?.Status == WalletStatus.Paused
                ? CreditResult.OnPause(state.BalanceMillicredits)
                : CreditResult.Short(state?.BalanceMillicredits ?? 0);
        }

        // Exact under concurrency: our UPDATE holds the row lock (PostgreSQL, SQL Server) or the
        // database write lock (SQLite) until commit, so nobody else has moved the balance since.
        var wallet = await Wallets.AsNoTracking().Where(w => w.WorkspaceId == workspaceId)
            .Select(w => new { w.Id, w.BalanceMillicredits }).SingleAsync(ct);

        var entry = new LedgerEntry
        {
            WalletId = wallet.Id,
            WorkspaceId = workspaceId,
            Type = type,
            AmountMillicredits = delta,
            BalanceAfterMillicredits = wallet.BalanceMillicredits,
            ActorUserId = actor,
            Reason = reason,
            RelatedObject = related,
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
        };
        db.LedgerEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return CreditResult.Applied(entry);
        }
        catch (DbUpdateException)
        {
            // A concurrent call with the same key committed first: undo our balance change and
            // answer with its result. Anything else is a real failure.
            await tx.RollbackAsync(CancellationToken.None);
            db.Entry(entry).State = EntityState.Detached;
            if (await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
            throw;
        }
    }
}
