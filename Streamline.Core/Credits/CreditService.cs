using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits.LedgerWriting;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits;

/// <summary><see cref="Amount"/> and <see cref="Reason"/> are the entry's, so a caller can tell a true repeat from a reused key.</summary>
public sealed record CreditResult(
    bool Succeeded, bool Duplicate, bool Insufficient, bool Paused, long BalanceAfter, Guid? EntryId, long Amount = 0, string? Reason = null)
{
    /// <summary>The caller's claim (see the claiming <c>GrantAsync</c>) changed no row, so nothing was written.</summary>
    public bool ClaimLost { get; private init; }

    internal static CreditResult Applied(LedgerEntry e) => Applied(e.Id, e.AmountMillicredits, e.BalanceAfterMillicredits, e.Reason);
    internal static CreditResult Applied(Guid entryId, long amount, long balanceAfter, string reason) =>
        new(true, false, false, false, balanceAfter, entryId, amount, reason);
    internal static CreditResult Repeated(LedgerEntry e) => new(true, true, false, false, e.BalanceAfterMillicredits, e.Id, e.AmountMillicredits, e.Reason);
    internal static CreditResult Short(long balance) => new(false, false, true, false, balance, null);
    internal static CreditResult OnPause(long balance) => new(false, false, false, true, balance, null);
    internal static CreditResult Unclaimed() => new(false, false, false, false, 0, null) { ClaimLost = true };
}

public enum ReservationOutcome { Done, Repeated, Insufficient, Paused, NotFound, AlreadyClosed, Expired, ExceedsHold }

/// <summary>
/// What a reserve, capture or release did. <see cref="Status"/> is the reservation's status now, so a
/// loser of a concurrent close (<see cref="ReservationOutcome.AlreadyClosed"/>) learns how it was closed.
/// </summary>
public sealed record ReservationResult(
    ReservationOutcome Outcome, Guid? ReservationId, ReservationStatus? Status, long? BalanceAfter, DateTime? ExpiresAt = null)
{
    public bool Succeeded => Outcome is ReservationOutcome.Done or ReservationOutcome.Repeated;
}

/// <summary>What <see cref="CreditService.TakeUpToAsync"/> did: <see cref="Unrecovered"/> is what the wallet no longer held.</summary>
public sealed record TakeResult(long Wanted, long Taken, long BalanceAfter, Guid? EntryId)
{
    public long Unrecovered => Wanted - Taken;
}

public sealed record WalletDiscrepancy(Guid WalletId, Guid WorkspaceId, long BalanceMillicredits, long LedgerSumMillicredits);

/// <summary>
/// The only way to change a balance. Every change is one conditional UPDATE of the wallet plus one
/// ledger entry in one transaction; the UNIQUE idempotency key makes a repeated call a no-op that
/// answers with the first result. Works on SQLite, PostgreSQL and SQL Server; a spend, a hold and a close are first
/// offered to <see cref="ILedgerWriting"/>, which on PostgreSQL makes each one statement, the same change in one round trip.
/// </summary>
public sealed class CreditService(StreamlineDbContext db, TimeProvider clock, EmailOutbox outbox, BalanceCache? balances = null, PublicUrl? links = null,
    ILedgerWriting? writing = null, Notifications.Notifier? notifier = null)
{
    private readonly ILedgerWriting _writing = writing ?? PortableLedgerWriting.Instance;

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
    private IQueryable<Wallet> Wallets => db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<LedgerEntry> Ledger => db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace);

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

        // Grants are often repeats (a webhook delivered twice, a job run again): answering those
        // before the transaction spares the wallet's row lock. Spends and holds, rarely repeated,
        // skip this query and find a repeat inside the transaction instead.
        if (await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
        await EnsureWalletAsync(workspaceId, ct);
        return await ApplyAsync(workspaceId, amount, type, reason, idempotencyKey, actor, related, ct);
    }

    /// <summary>
    /// Adds credits only if <paramref name="claim"/>, run first inside the grant's transaction, changed
    /// the caller's own row (a conditional UPDATE such as "resolve this dispute if it is still open"):
    /// the state change that earns the credit and the credit commit together or not at all. A lost
    /// claim answers <see cref="CreditResult.ClaimLost"/> and writes nothing. Whatever the claim adds
    /// to the context (e-mails) is saved with the entry.
    /// </summary>
    public async Task<CreditResult> GrantAsync(Guid workspaceId, long amount, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, Func<CancellationToken, Task<bool>> claim, CancellationToken ct = default)
    {
        if (!GrantTypes.Contains(type)) throw new ArgumentException($"{type} is not a grant.", nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        // No early look-up of the key here: a repeat must lose its claim, not succeed again.
        await EnsureWalletAsync(workspaceId, ct);
        var result = await WriteAsync(() => ApplyInTransactionAsync(workspaceId, amount, type, reason, idempotencyKey, actor, related,
            null, ct, claim), ct);
        balances?.Forget(workspaceId);
        return result;
    }

    /// <summary>Removes credits if the wallet is active and holds enough; otherwise writes nothing.</summary>
    public async Task<CreditResult> SpendAsync(Guid workspaceId, long amount, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, CancellationToken ct = default)
    {
        if (!SpendTypes.Contains(type)) throw new ArgumentException($"{type} is not a spend.", nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        // The hot path of the metering API. An admin's removal keeps the EF path: its audit entry, staged by
        // the caller, is saved with the ledger entry by SaveChanges.
        if (type != LedgerEntryType.AdminRemoval)
        {
            var entryId = Guid.NewGuid();
            var written = await _writing.DebitAsync(new LedgerDebit(workspaceId, amount, type, reason, idempotencyKey, actor, related, entryId,
                clock.GetUtcNow().UtcDateTime), ct);
            if (written.Outcome != LedgerWriteOutcome.Deferred) balances?.Forget(workspaceId);
            if (written.Outcome == LedgerWriteOutcome.Applied)
            {
                await AfterOneStatementWriteAsync(workspaceId, written.Wallet!, ct);
                return CreditResult.Applied(entryId, -amount, written.BalanceAfter, reason);
            }
            if (written.Outcome == LedgerWriteOutcome.KeyUsed && await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
            // Nothing was written: refused (paused, short, no wallet), or a repeat. The EF path decides which and answers
            // as it always has.
        }
        return await ApplyAsync(workspaceId, -amount, type, reason, idempotencyKey, actor, related, ct);
    }

    /// <summary>
    /// Takes back up to <paramref name="wanted"/> credits, never more than the wallet holds and whatever
    /// its status (a refund or a card dispute does not wait for a paused wallet). Runs in one transaction
    /// with the caller's <paramref name="claim"/>, a conditional UPDATE that returns how much is wanted
    /// (or null: nothing to do, e.g. a repeat) and holds its row lock until commit, so concurrent callers
    /// for the same object queue instead of both taking; <paramref name="record"/> then stores what was
    /// taken and what could not be, in the same transaction.
    /// </summary>
    public async Task<TakeResult?> TakeUpToAsync(Guid workspaceId, LedgerEntryType type, string reason, string idempotencyKey,
        string? related, Func<CancellationToken, Task<long?>> claim, Func<TakeResult, CancellationToken, Task> record,
        CancellationToken ct = default)
    {
        if (type is not (LedgerEntryType.Clawback or LedgerEntryType.ReservationHold))
            throw new ArgumentException($"{type} cannot take credits regardless of status.", nameof(type));
        var walletId = (await EnsureWalletAsync(workspaceId, ct)).Id;
        var taken = await WriteAsync(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await claim(ct) is not { } wanted || wanted <= 0)
            {
                await tx.RollbackAsync(ct);
                return null;
            }

            // The balance can fall between reading and taking (a concurrent spend): retry with the new figure.
            long taken, balance;
            while (true)
            {
                var current = await Wallets.AsNoTracking().Where(w => w.Id == walletId).Select(w => w.BalanceMillicredits).SingleAsync(ct);
                taken = Math.Clamp(Math.Min(wanted, current), 0, long.MaxValue);
                if (taken == 0) { balance = current; break; }
                var changed = await Wallets.Where(w => w.Id == walletId && w.BalanceMillicredits >= taken)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(w => w.BalanceMillicredits, w => w.BalanceMillicredits - taken)
                        .SetProperty(w => w.UpdatedAt, now), ct);
                if (changed == 1) { balance = current - taken; break; }
            }

            var result = new TakeResult(wanted, taken, balance, taken > 0 ? Guid.NewGuid() : null);
            if (taken > 0)
                db.LedgerEntries.Add(new LedgerEntry
                {
                    Id = result.EntryId!.Value,
                    WalletId = walletId,
                    WorkspaceId = workspaceId,
                    Type = type,
                    AmountMillicredits = -taken,
                    BalanceAfterMillicredits = balance,
                    Reason = reason,
                    RelatedObject = related,
                    IdempotencyKey = idempotencyKey,
                    CreatedAt = now,
                });
            await record(result, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is LedgerEntry or CreditReservation).ToList())
                entry.State = EntityState.Detached;
            return result;
        }, ct);
        balances?.Forget(workspaceId);
        return taken;
    }

    public async Task SetStatusAsync(Guid workspaceId, WalletStatus status, CancellationToken ct = default)
    {
        await EnsureWalletAsync(workspaceId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await Wallets.Where(w => w.WorkspaceId == workspaceId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, status)
            .SetProperty(w => w.UpdatedAt, now), ct);
    }

    /// <summary>
    /// Sets the low-balance threshold; 0 turns the e-mail off. A balance already below the new threshold is a crossing
    /// too: no debit would ever cross it, so the owners are mailed now unless they already were for this crossing.
    /// True when the balance is below the threshold (the owners have heard of it).
    /// </summary>
    public async Task<bool> SetLowBalanceThresholdAsync(Guid workspaceId, long millicredits, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(millicredits);
        await EnsureWalletAsync(workspaceId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await Wallets.Where(w => w.WorkspaceId == workspaceId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.LowBalanceThresholdMillicredits, millicredits)
            .SetProperty(w => w.UpdatedAt, now), ct);
        await ClearLowBalanceNoticeAsync(Wallets.Where(w => w.WorkspaceId == workspaceId), ct);
        if (millicredits == 0) return false;

        var wallet = await Wallets.AsNoTracking().Where(w => w.WorkspaceId == workspaceId)
            .Select(w => new { w.Id, w.BalanceMillicredits }).SingleAsync(ct);
        if (wallet.BalanceMillicredits >= millicredits) return false;
        if (await NotifyLowBalanceAsync(workspaceId, wallet.Id, wallet.BalanceMillicredits, millicredits, now, ct))
            await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>For a balance change made outside this service (a hold or a capture in a caller's PostgreSQL batch).</summary>
    public void ForgetBalance(Guid workspaceId) => balances?.Forget(workspaceId);

    /// <summary>The balance as the top bar shows it: remembered until it changes (<see cref="BalanceCache"/>).</summary>
    public Task<long?> CachedBalanceAsync(Guid workspaceId, CancellationToken ct = default) =>
        balances?.GetAsync(db, workspaceId, ct) ?? BalanceAsync(workspaceId, ct);

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

    /// <summary>
    /// Holds credits: they leave the balance now through the same conditional UPDATE as a spend, so
    /// holds can never overdraw, and the reservation row is written in the same transaction. A hold that succeeds
    /// means the workspace can pay for AI again, so the wallet's out-of-credits notice is forgotten with it: the next
    /// time a hold fails, its owners hear of it again (<see cref="Conversations.AiMeter"/> sends it).
    /// </summary>
    public async Task<ReservationResult> ReserveAsync(Guid workspaceId, long amount, string description, TimeSpan expiresIn,
        string idempotencyKey, Guid? actor, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiresIn, TimeSpan.Zero);

        var now = clock.GetUtcNow().UtcDateTime;
        var reservationId = Guid.NewGuid();
        // The hold, its entry and the reservation are offered as one write, as a spend is.
        var written = await _writing.DebitAsync(new LedgerDebit(workspaceId, amount, LedgerEntryType.ReservationHold, description, idempotencyKey,
            actor, RelatedTo(reservationId), Guid.NewGuid(), now, new HeldReservation(reservationId, now + expiresIn)), ct);
        if (written.Outcome != LedgerWriteOutcome.Deferred) balances?.Forget(workspaceId);
        if (written.Outcome == LedgerWriteOutcome.Applied)
        {
            await AfterOneStatementHoldAsync(workspaceId, written.Wallet!, ct);
            return new(ReservationOutcome.Done, reservationId, ReservationStatus.Held, written.BalanceAfter, now + expiresIn);
        }
        if (written.Outcome == LedgerWriteOutcome.KeyUsed && await FindAsync(idempotencyKey, ct) is { } first) return await RepeatedHoldAsync(first, ct);
        var result = await ApplyAsync(workspaceId, -amount, LedgerEntryType.ReservationHold, description, idempotencyKey,
            actor, RelatedTo(reservationId), ct, entry => db.CreditReservations.Add(new CreditReservation
            {
                Id = reservationId,
                WalletId = entry.WalletId,
                WorkspaceId = workspaceId,
                AmountMillicredits = amount,
                Description = description,
                ExpiresAt = now + expiresIn,
                CreatedAt = now,
            }));

        if (result.Paused) return new(ReservationOutcome.Paused, null, null, result.BalanceAfter);
        if (result.Insufficient) return new(ReservationOutcome.Insufficient, null, null, result.BalanceAfter);
        if (result.Duplicate) return await RepeatedHoldAsync((await FindAsync(idempotencyKey, ct))!, ct);
        db.ChangeTracker.Entries<CreditReservation>().SingleOrDefault(e => e.Entity.Id == reservationId)?.State = EntityState.Detached;
        await ForgetAiOutOfCreditsNoticeAsync(workspaceId, ct);
        return new(ReservationOutcome.Done, reservationId, ReservationStatus.Held, result.BalanceAfter, now + expiresIn);
    }

    /// <summary>
    /// Charges <paramref name="amount"/> (at most the held amount) and returns the rest to the balance
    /// as one release entry. The hold already took the credits, so the capture itself writes no entry.
    /// </summary>
    public Task<ReservationResult> CaptureAsync(Guid reservationId, long amount, string idempotencyKey, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        return CloseAsync(reservationId, ReservationStatus.Captured, amount, idempotencyKey, null, ct);
    }

    /// <summary>Returns the whole hold to the balance.</summary>
    public Task<ReservationResult> ReleaseAsync(Guid reservationId, string idempotencyKey, CancellationToken ct = default) =>
        CloseAsync(reservationId, ReservationStatus.Released, 0, idempotencyKey, null, ct);

    /// <summary>Releases every hold past its expiry; returns how many this call closed. Safe to run concurrently.</summary>
    public async Task<int> ReleaseExpiredAsync(DateTime now, CancellationToken ct = default)
    {
        var closed = 0;
        while (true)
        {
            var due = await Reservations.AsNoTracking()
                .Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(500).ToListAsync(ct);
            var closedInBatch = 0;
            foreach (var id in due)
            {
                var result = await CloseAsync(id, ReservationStatus.Expired, 0, $"reservation:{id}:expire", now, ct);
                if (result.Outcome == ReservationOutcome.Done) closedInBatch++;
            }
            closed += closedInBatch;
            // A batch where others won every claim still moved on; stop once nothing is due.
            if (due.Count < 500) return closed;
        }
    }

    public Task<CreditReservation?> FindReservationAsync(Guid reservationId, CancellationToken ct = default) =>
        Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reservationId, ct);

    private IQueryable<CreditReservation> Reservations => db.CreditReservations.IgnoreQueryFilters(QueryFilters.Workspace);

    internal static string RelatedTo(Guid reservationId) => $"reservation:{reservationId}";

    /// <summary>A hold has at most one release entry: its key is derived from the reservation, and the ledger's index is unique.</summary>
    internal static string ReleaseKey(Guid reservationId) => $"{RelatedTo(reservationId)}:release";

    /// <summary>The release entry's reason, the same from both paths (the PostgreSQL statement fills in the held amount with format()).</summary>
    internal static class ReleaseReasons
    {
        /// <summary>The reason with <c>%s</c> where the held amount goes.</summary>
        public static string Template(ReservationStatus closeAs, long captured) => closeAs switch
        {
            ReservationStatus.Captured => $"Unused part of reservation ({captured} of %s captured)",
            ReservationStatus.Expired => "Reservation expired",
            _ => "Reservation released",
        };

        public static string For(ReservationStatus closeAs, long captured, long held) =>
            Template(closeAs, captured).Replace("%s", held.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private async Task<ReservationResult> RepeatedHoldAsync(LedgerEntry hold, CancellationToken ct)
    {
        if (hold.Type != LedgerEntryType.ReservationHold || hold.RelatedObject is not { } related
            || !Guid.TryParse(related.AsSpan("reservation:".Length), out var id))
            throw new InvalidOperationException($"Idempotency key '{hold.IdempotencyKey}' was already used for a {hold.Type} entry.");
        var reservation = await Reservations.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        return new(ReservationOutcome.Repeated, id, reservation.Status, hold.BalanceAfterMillicredits, reservation.ExpiresAt);
    }

    /// <summary>
    /// The claim is a conditional UPDATE of the reservation (<c>WHERE Id = @id AND Status = Held</c>) in
    /// the same transaction as the release entry: of any number of concurrent closes exactly one
    /// changes the row, and the others see it closed. The release entry's key is derived from the
    /// reservation, so the ledger's UNIQUE index would also refuse a second release.
    /// </summary>
    private async Task<ReservationResult> CloseAsync(Guid reservationId, ReservationStatus closeAs, long captured,
        string idempotencyKey, DateTime? expiredAt, CancellationToken ct)
    {
        // Offered as one write first; when its claim finds nothing to close, the answer below explains why.
        var written = await _writing.CloseAsync(reservationId, closeAs, captured, idempotencyKey, expiredAt ?? clock.GetUtcNow().UtcDateTime, ct);
        if (written.Wallet is { } wallet) await AfterOneStatementWriteAsync(null, wallet, ct);
        var outcome = written.Deferred
            ? await ClosePortablyAsync(reservationId, closeAs, captured, idempotencyKey, expiredAt, ct)
            : written.BalanceAfter is { } after ? new ReservationResult(ReservationOutcome.Done, reservationId, closeAs, after) : null;
        balances?.ForgetAll();
        if (outcome is not null) return outcome;

        // Lost the claim: explain why from the row as it is now.
        return await WhyNotClosedAsync(reservationId, closeAs, captured, idempotencyKey, ct);
    }

    private Task<ReservationResult?> ClosePortablyAsync(Guid reservationId, ReservationStatus closeAs, long captured,
        string idempotencyKey, DateTime? expiredAt, CancellationToken ct) =>
        WriteAsync(async () =>
        {
            var now = expiredAt ?? clock.GetUtcNow().UtcDateTime;
            await using var tx = await db.Database.BeginTransactionAsync(ct);

            var (expiresAfter, expiredBy) = CreditReservation.ClosableWhen(closeAs, now);
            var claim = Reservations.Where(r => r.Id == reservationId && r.Status == ReservationStatus.Held && r.AmountMillicredits >= captured);
            if (expiresAfter is { } after) claim = claim.Where(r => r.ExpiresAt > after);
            if (expiredBy is { } by) claim = claim.Where(r => r.ExpiresAt <= by);
            var claimed = await claim.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, closeAs)
                .SetProperty(r => r.CapturedMillicredits, captured)
                .SetProperty(r => r.ClosedAt, now)
                .SetProperty(r => r.CloseIdempotencyKey, idempotencyKey), ct);
            if (claimed == 0)
            {
                await tx.RollbackAsync(ct);
                return (ReservationResult?)null;
            }

            var reservation = await Reservations.AsNoTracking().Where(r => r.Id == reservationId)
                .Select(r => new { r.WalletId, r.WorkspaceId, r.AmountMillicredits }).SingleAsync(ct);
            var released = reservation.AmountMillicredits - captured;
            if (released > 0)
            {
                await Wallets.Where(w => w.Id == reservation.WalletId).ExecuteUpdateAsync(s => s
                    .SetProperty(w => w.BalanceMillicredits, w => w.BalanceMillicredits + released)
                    .SetProperty(w => w.UpdatedAt, now), ct);
                await ClearLowBalanceNoticeAsync(Wallets.Where(w => w.Id == reservation.WalletId), ct);
            }
            var balance = await Wallets.AsNoTracking().Where(w => w.Id == reservation.WalletId)
                .Select(w => w.BalanceMillicredits).SingleAsync(ct);
            if (released > 0)
            {
                var entry = new LedgerEntry
                {
                    WalletId = reservation.WalletId,
                    WorkspaceId = reservation.WorkspaceId,
                    Type = LedgerEntryType.ReservationRelease,
                    AmountMillicredits = released,
                    BalanceAfterMillicredits = balance,
                    Reason = ReleaseReasons.For(closeAs, captured, reservation.AmountMillicredits),
                    RelatedObject = RelatedTo(reservationId),
                    IdempotencyKey = ReleaseKey(reservationId),
                    CreatedAt = now,
                };
                db.LedgerEntries.Add(entry);
                try
                {
                    await SaveInTransactionAsync(ct);
                }
                finally
                {
                    db.Entry(entry).State = EntityState.Detached;
                }
            }
            await tx.CommitAsync(ct);
            return (ReservationResult?)new ReservationResult(ReservationOutcome.Done, reservationId, closeAs, balance);
        }, ct);

    private async Task<ReservationResult> WhyNotClosedAsync(Guid reservationId, ReservationStatus closeAs, long captured,
        string idempotencyKey, CancellationToken ct)
    {
        var current = await Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reservationId, ct);
        var wallet = current is null ? null : await Wallets.AsNoTracking().Where(w => w.Id == current.WalletId)
            .Select(w => (long?)w.BalanceMillicredits).SingleAsync(ct);
        return current switch
        {
            null => new(ReservationOutcome.NotFound, reservationId, null, null),
            { Status: ReservationStatus.Held } when closeAs == ReservationStatus.Captured && captured > current.AmountMillicredits =>
                new(ReservationOutcome.ExceedsHold, reservationId, current.Status, wallet),
            // Past its expiry a hold can no longer be captured; the expiry job will return it.
            { Status: ReservationStatus.Held } => new(ReservationOutcome.Expired, reservationId, current.Status, wallet),
            _ when current.CloseIdempotencyKey == idempotencyKey && current.Status == closeAs =>
                new(ReservationOutcome.Repeated, reservationId, current.Status, wallet),
            _ => new(ReservationOutcome.AlreadyClosed, reservationId, current.Status, wallet),
        };
    }

    private Task<int> ClearLowBalanceNoticeAsync(IQueryable<Wallet> wallet, CancellationToken ct) =>
        wallet.Where(Wallet.LowBalanceNoticeSpent).ExecuteUpdateAsync(s => s.SetProperty(w => w.LowBalanceNotifiedAt, (DateTime?)null), ct);

    /// <summary>
    /// The low-balance rules after a write made in one statement (<see cref="ILedgerWriting"/>, or a chat batch that carried a hold
    /// or a capture): judged in C# on the wallet's row as that write left it (<see cref="Wallet.OwesLowBalanceNotice"/>,
    /// <see cref="Wallet.LowBalanceNoticeSpent"/>), then applied by a conditional write that re-checks the same rule on the row as
    /// it is now, so a write that came in between is respected. Most writes need neither: only the one that leaves the balance
    /// below its threshold with the owners not yet told, or the first back above it. <paramref name="workspaceId"/> may be null
    /// when the write only credited the wallet (a close), which can spend the notice but never owes one.
    /// </summary>
    internal async Task AfterOneStatementWriteAsync(Guid? workspaceId, WalletAfterWrite wallet, CancellationToken ct)
    {
        if (wallet.Threshold is not { } threshold) return;
        if (workspaceId is { } owner && Wallet.OwesLowBalanceNoticeAfter(wallet.Balance, threshold, wallet.LowBalanceNotifiedAt))
        {
            // The claim and the mail rows commit together.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await NotifyLowBalanceAsync(owner, wallet.WalletId, wallet.Balance, threshold, clock.GetUtcNow().UtcDateTime, ct))
                await SaveInTransactionAsync(ct);
            await tx.CommitAsync(ct);
        }
        else if (Wallet.LowBalanceNoticeSpentAfter(wallet.Balance, threshold, wallet.LowBalanceNotifiedAt))
            await ClearLowBalanceNoticeAsync(Wallets.Where(w => w.Id == wallet.WalletId), ct);
    }

    /// <summary>
    /// <see cref="AfterOneStatementWriteAsync"/> for a hold, which also forgets the out-of-credits notice when the wallet
    /// says the owners were told (rarely: only the first hold after the wallet ran dry).
    /// </summary>
    internal async Task AfterOneStatementHoldAsync(Guid workspaceId, WalletAfterWrite wallet, CancellationToken ct)
    {
        await AfterOneStatementWriteAsync(workspaceId, wallet, ct);
        if (wallet.AiOutOfCreditsNotifiedAt is not null) await ForgetAiOutOfCreditsNoticeAsync(workspaceId, ct);
    }

    /// <summary>
    /// A hold that succeeds means the workspace can pay for AI again, so the out-of-credits notice is forgotten: the next time
    /// a hold fails, its owners hear of it again (<see cref="Conversations.AiMeter"/> sends it).
    /// </summary>
    private Task<int> ForgetAiOutOfCreditsNoticeAsync(Guid workspaceId, CancellationToken ct) =>
        Wallets.Where(w => w.WorkspaceId == workspaceId && w.AiOutOfCreditsNotifiedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.AiOutOfCreditsNotifiedAt, (DateTime?)null), ct);

    /// <summary>
    /// Claims the notice with <see cref="Wallet.OwesLowBalanceNotice"/> in the UPDATE's WHERE, so of any number of debits below
    /// the threshold only the first mails; the mail rows are saved by the caller, in the claim's transaction.
    /// </summary>
    private async Task<bool> NotifyLowBalanceAsync(Guid workspaceId, Guid walletId, long balance, long threshold, DateTime now, CancellationToken ct)
    {
        var claimed = await Wallets.Where(w => w.Id == walletId).Where(Wallet.OwesLowBalanceNotice)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.LowBalanceNotifiedAt, now), ct);
        if (claimed == 0) return false;

        var name = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct);
        var owners = await db.OwnerEmailsAsync(workspaceId, ct);
        var values = new Dictionary<string, string>
        {
            ["Workspace"] = name,
            ["Balance"] = CreditAmount.Credits(balance),
            ["Threshold"] = CreditAmount.Credits(threshold),
            ["CreditsUrl"] = (links ?? new PublicUrl(null)).Link("/credits"),
        };
        // The app always has a notifier; a service built by hand (a test of the ledger alone) mails every owner.
        if (notifier is not null) await notifier.SendAsync(workspaceId, Notifications.NotificationKind.LowBalance, owners, "low-balance", values, "/credits", ct);
        else foreach (var to in owners) outbox.Queue(to, "low-balance", values);
        return true;
    }

    /// <summary>
    /// SaveChanges inside our own transaction. A failed save always rolls the whole transaction back,
    /// so EF's automatic savepoint around it (a SAVEPOINT and a RELEASE per call) buys nothing.
    /// </summary>
    private async Task SaveInTransactionAsync(CancellationToken ct)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    private Task<LedgerEntry?> FindAsync(string idempotencyKey, CancellationToken ct) =>
        Ledger.AsNoTracking().SingleOrDefaultAsync(e => e.IdempotencyKey == idempotencyKey, ct);

    private async Task<CreditResult> ApplyAsync(Guid workspaceId, long delta, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, CancellationToken ct, Action<LedgerEntry>? alongside = null)
    {
        var result = await WriteAsync(() => ApplyInTransactionAsync(workspaceId, delta, type, reason, idempotencyKey, actor, related, alongside, ct), ct);
        balances?.Forget(workspaceId);
        return result;
    }

    private async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        var writer = db.Database.IsSqlite()
            ? SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1))
            : null;
        if (writer is null) return await write();
        await writer.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            writer.Release();
        }
    }

    private async Task<CreditResult> ApplyInTransactionAsync(Guid workspaceId, long delta, LedgerEntryType type, string reason,
        string idempotencyKey, Guid? actor, string? related, Action<LedgerEntry>? alongside, CancellationToken ct,
        Func<CancellationToken, Task<bool>>? claim = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // On SQLite this is BEGIN IMMEDIATE: the write lock is taken up front, so the transaction
        // never has to upgrade a read lock and the read-back below sees only our own write.
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        if (claim is not null && !await claim(ct))
        {
            await tx.RollbackAsync(ct);
            return CreditResult.Unclaimed();
        }

        var debit = -delta;
        var debitable = Wallet.StatusesTaking(type);
        var changed = delta > 0
            ? await Wallets.Where(w => w.WorkspaceId == workspaceId).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.BalanceMillicredits, w => w.BalanceMillicredits + delta)
                .SetProperty(w => w.UpdatedAt, now), ct)
            : await Wallets
                .Where(w => w.WorkspaceId == workspaceId && debitable.Contains(w.Status) && w.BalanceMillicredits >= debit)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(w => w.BalanceMillicredits, w => w.BalanceMillicredits - debit)
                    .SetProperty(w => w.UpdatedAt, now), ct);

        if (changed > 0 && delta > 0)
            await ClearLowBalanceNoticeAsync(Wallets.Where(w => w.WorkspaceId == workspaceId), ct);

        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            // A concurrent call with our key may have taken the last credits while we waited for
            // the row: that is a repeat, not a shortage.
            if (await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
            var state = await Wallets.AsNoTracking().Where(w => w.WorkspaceId == workspaceId)
                .Select(w => new { w.Status, w.BalanceMillicredits }).SingleOrDefaultAsync(ct);
            return state is not null && !Wallet.TakesDebit(state.Status, type)
                ? CreditResult.OnPause(state.BalanceMillicredits)
                : CreditResult.Short(state?.BalanceMillicredits ?? 0);
        }

        // Exact under concurrency: our UPDATE holds the row lock (PostgreSQL, SQL Server) or the
        // database write lock (SQLite) until commit, so nobody else has moved the balance since.
        // The same read tells whether the key was used already: a repeat is found here, inside the
        // transaction, rather than by one more query before it, and undoes the change it just made.
        var wallet = await Wallets.AsNoTracking().Where(w => w.WorkspaceId == workspaceId)
            .Select(w => new
            {
                w.Id,
                w.BalanceMillicredits,
                w.LowBalanceThresholdMillicredits,
                w.LowBalanceNotifiedAt,
                KeyUsed = Ledger.Any(e => e.IdempotencyKey == idempotencyKey),
            })
            .SingleAsync(ct);
        if (wallet.KeyUsed)
        {
            await tx.RollbackAsync(ct);
            return CreditResult.Repeated((await FindAsync(idempotencyKey, ct))!);
        }

        var threshold = wallet.LowBalanceThresholdMillicredits;
        if (delta < 0 && Wallet.OwesLowBalanceNoticeAfter(wallet.BalanceMillicredits, threshold, wallet.LowBalanceNotifiedAt))
            await NotifyLowBalanceAsync(workspaceId, wallet.Id, wallet.BalanceMillicredits, threshold, now, ct);

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
        alongside?.Invoke(entry);
        try
        {
            await SaveInTransactionAsync(ct);
            await tx.CommitAsync(ct);
            return CreditResult.Applied(entry);
        }
        catch (DbUpdateException)
        {
            // A concurrent call with the same key committed first: undo our balance change and
            // answer with its result. Anything else is a real failure.
            await tx.RollbackAsync(CancellationToken.None);
            db.Entry(entry).State = EntityState.Detached;
            foreach (var hold in db.ChangeTracker.Entries<CreditReservation>().Where(e => e.State == EntityState.Added).ToList())
                hold.State = EntityState.Detached;
            foreach (var mail in db.ChangeTracker.Entries<EmailMessage>().Where(e => e.State == EntityState.Added).ToList())
                mail.State = EntityState.Detached;
            if (await FindAsync(idempotencyKey, ct) is { } first) return CreditResult.Repeated(first);
            throw;
        }
    }
}
