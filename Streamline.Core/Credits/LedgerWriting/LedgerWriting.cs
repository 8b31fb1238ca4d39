using Streamline.Core.Data;

namespace Streamline.Core.Credits.LedgerWriting;

/// <summary>
/// A debit of <paramref name="Amount"/> (positive) from a workspace's wallet with its ledger entry; with
/// <paramref name="Reservation"/> it is a hold and writes the reservation too.
/// </summary>
public sealed record LedgerDebit(Guid WorkspaceId, long Amount, LedgerEntryType Type, string Reason, string IdempotencyKey, Guid? Actor,
    string? Related, Guid EntryId, DateTime Now, HeldReservation? Reservation = null);

/// <summary>The reservation a hold creates with its entry.</summary>
public sealed record HeldReservation(Guid Id, DateTime ExpiresAt);

public enum LedgerWriteOutcome
{
    /// <summary>Written; <see cref="LedgerWrite.BalanceAfter"/> is the wallet's balance after it.</summary>
    Applied,

    /// <summary>Nothing written: the idempotency key was used already, so the first entry is the answer.</summary>
    KeyUsed,

    /// <summary>Nothing written: the credit service's EF Core transaction writes it (or tells why not).</summary>
    Deferred,
}

/// <summary>
/// The wallet's row as a one-statement write left it: raw facts for the low-balance rules, which C# judges
/// (<see cref="CreditService.AfterOneStatementWriteAsync"/>), and whether the owners were told the AI ran out of credits, which a
/// hold that succeeds forgets (<see cref="CreditService.AfterOneStatementHoldAsync"/>). <see cref="Threshold"/> is null when the
/// write did not change the balance.
/// </summary>
public sealed record WalletAfterWrite(Guid WalletId, long Balance, long? Threshold, DateTime? LowBalanceNotifiedAt, DateTime? AiOutOfCreditsNotifiedAt);

public sealed record LedgerWrite(LedgerWriteOutcome Outcome, WalletAfterWrite? Wallet = null)
{
    public static readonly LedgerWrite Deferred = new(LedgerWriteOutcome.Deferred);

    /// <summary>The wallet's balance after an <see cref="LedgerWriteOutcome.Applied"/> write.</summary>
    public long BalanceAfter => Wallet?.Balance ?? 0;
}

/// <summary>A hold's close: <see cref="Closed"/> with the wallet after it, not closed (the claim found nothing), or deferred.</summary>
public sealed record LedgerClose(bool Deferred, WalletAfterWrite? Wallet)
{
    public static readonly LedgerClose Defer = new(true, null);
    public bool Closed => Wallet is not null;
    public long? BalanceAfter => Wallet?.Balance;
}

/// <summary>
/// The ledger's common writes (a spend, a hold, a hold's close) where a database can do each in one round trip. The
/// portable implementation (<see cref="PortableLedgerWriting"/>) defers every one to <see cref="CreditService"/>'s EF Core
/// transaction, the same on every database; on PostgreSQL <see cref="PostgresLedgerWriting"/> writes each as one statement,
/// chosen once at startup (<c>Database:PostgresFastPaths</c>). Either way the rules are <see cref="CreditService"/>'s: a
/// write the statement leaves out (short, paused, no wallet) is deferred to it, and the statement hands back the wallet's row
/// (<see cref="WalletAfterWrite"/>) for the service to judge the low-balance notice on.
/// </summary>
public interface ILedgerWriting
{
    Task<LedgerWrite> DebitAsync(LedgerDebit debit, CancellationToken ct);

    /// <summary>
    /// Closes the hold as <paramref name="closeAs"/>, returning what was not <paramref name="captured"/> with its release entry.
    /// </summary>
    Task<LedgerClose> CloseAsync(Guid reservationId, ReservationStatus closeAs, long captured, string idempotencyKey, DateTime now,
        CancellationToken ct);
}

/// <summary>Every write goes through <see cref="CreditService"/>'s EF Core transaction.</summary>
public sealed class PortableLedgerWriting : ILedgerWriting
{
    public static readonly PortableLedgerWriting Instance = new();

    public Task<LedgerWrite> DebitAsync(LedgerDebit debit, CancellationToken ct) => Task.FromResult(LedgerWrite.Deferred);

    public Task<LedgerClose> CloseAsync(Guid reservationId, ReservationStatus closeAs, long captured, string idempotencyKey, DateTime now,
        CancellationToken ct) => Task.FromResult(LedgerClose.Defer);
}

/// <summary>
/// Each write as one statement in autocommit (<see cref="PostgresSpend"/>). Inside a caller's transaction a failed statement
/// (a used key) would abort the caller's work too, and the statement would not join it, so that case is deferred.
/// </summary>
internal sealed class PostgresLedgerWriting(StreamlineDbContext db) : ILedgerWriting
{
    public async Task<LedgerWrite> DebitAsync(LedgerDebit debit, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return LedgerWrite.Deferred;
        var (outcome, wallet) = await PostgresSpend.TryAsync(db, debit, ct);
        return outcome switch
        {
            PostgresSpend.Outcome.Applied => new(LedgerWriteOutcome.Applied, wallet),
            PostgresSpend.Outcome.KeyUsed => new(LedgerWriteOutcome.KeyUsed),
            _ => LedgerWrite.Deferred,
        };
    }

    public async Task<LedgerClose> CloseAsync(Guid reservationId, ReservationStatus closeAs, long captured, string idempotencyKey, DateTime now,
        CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return LedgerClose.Defer;
        return new(false, await PostgresSpend.TryCloseAsync(db, reservationId, closeAs, captured, idempotencyKey, now, ct));
    }
}
