using Npgsql;
using NpgsqlTypes;
using Streamline.Core.Data;

namespace Streamline.Core.Credits.LedgerWriting;

/// <summary>
/// The common spend (and a reservation's hold) on PostgreSQL as one statement in autocommit: the conditional wallet UPDATE
/// and the ledger INSERT fed by its RETURNING (for a hold, the reservation INSERT fed by the entry's), so PostgreSQL sees one round trip instead of BEGIN, UPDATE,
/// SELECT, INSERT and COMMIT, and the wallet's row lock is held for one statement instead of five
/// round trips. This is the only provider-specific SQL in the credits code; SQLite and SQL Server, and
/// every case this statement leaves out, take <see cref="CreditService"/>'s portable EF path (<see cref="ILedgerWriting"/>).
/// <para>
/// Why it keeps every guarantee of that path:
/// <list type="bullet">
/// <item>One statement is one transaction: the balance change and its entry commit together or not at all.</item>
/// <item>The UPDATE's WHERE is re-checked on the latest row version after a concurrent writer commits
/// (READ COMMITTED), so the balance can never go below zero and a paused wallet is never debited.</item>
/// <item>A used idempotency key (committed, or committing concurrently: the INSERT waits for it) fails the
/// INSERT on the UNIQUE index, which fails the whole statement and so undoes the UPDATE; the caller
/// then answers with the first entry. ON CONFLICT DO NOTHING would keep the debit, so it is not used.</item>
/// <item>The low-balance notice is not decided here: the statement returns the wallet's row as it left it (balance,
/// threshold, whether the owners were told) and <see cref="CreditService.AfterOneStatementWriteAsync"/> judges it with
/// <see cref="Wallet.OwesLowBalanceNotice"/>, then claims the notice with that same rule re-checked on the row, so of any
/// number of debits below the threshold exactly one mails.</item>
/// </list>
/// The ledger's append-only triggers are untouched: this only INSERTs.
/// </para>
/// </summary>
internal static class PostgresSpend
{
    // Positional parameters: Npgsql sends them as they are, without parsing the SQL for names.
    //   $1 workspace  $2 amount (positive)  $3 now  $4 the wallet statuses this debit may take from (Wallet.TakesDebit)  $5 entry id  $6 type  $7 actor
    //   $8 reason  $9 related object  $10 idempotency key  (a hold also:) $11 reservation id  $12 expires at
    private static string Debit(string onlyIf = "") => $$"""
        WITH debited AS (
            UPDATE "Wallets"
            SET "BalanceMillicredits" = "BalanceMillicredits" - $2, "UpdatedAt" = $3
            WHERE "WorkspaceId" = $1
              AND "Status" = ANY($4)
              AND "BalanceMillicredits" >= $2{{onlyIf}}
            RETURNING "Id", "BalanceMillicredits", "LowBalanceThresholdMillicredits", "LowBalanceNotifiedAt", "AiOutOfCreditsNotifiedAt"
        ), entry AS (
            INSERT INTO "LedgerEntries" ("Id", "WalletId", "WorkspaceId", "Type", "AmountMillicredits",
                "BalanceAfterMillicredits", "ActorUserId", "Reason", "RelatedObject", "IdempotencyKey", "CreatedAt")
            SELECT $5, "Id", $1, $6, -$2, "BalanceMillicredits", $7, $8, $9, $10, $3
            FROM debited
        )
        """;

    // The wallet's row as the debit left it; the entry is written whenever this row exists (or the statement fails).
    private const string WalletAfter =
        """SELECT "Id", "BalanceMillicredits", "LowBalanceThresholdMillicredits", "LowBalanceNotifiedAt", "AiOutOfCreditsNotifiedAt" FROM debited""";

    private static readonly string Spend = Debit() + WalletAfter;

    // A hold is the same debit plus its reservation row, fed by the wallet's update: all three rows or none (the entry's
    // INSERT failing fails the whole statement). (A data-modifying WITH runs whether or not the final SELECT reads it.)
    private static readonly string Hold = HoldStatement("");

    /// <summary>The hold statement by its extra condition (a caller's constant), written once.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> HoldsOnlyIf = new(StringComparer.Ordinal);

    private static string HoldStatement(string onlyIf) => Debit(onlyIf) + $$"""
        , held AS (
            INSERT INTO "CreditReservations" ("Id", "WalletId", "WorkspaceId", "AmountMillicredits", "CapturedMillicredits",
                "Status", "Description", "ExpiresAt", "CreatedAt")
            SELECT $11, "Id", $1, $2, 0, '{{nameof(ReservationStatus.Held)}}', $8, $12, $3
            FROM debited
        )
        {{WalletAfter}}
        """;

    // Closing a hold is one statement too: the conditional claim of the reservation (exactly one of any number of
    // concurrent closes changes the row; the others find it closed) feeds the wallet's credit of whatever was not
    // captured, which feeds the release entry. It returns the wallet's row as the credit left it, for CreditService to judge
    // whether the low-balance notice is spent (Wallet.LowBalanceNoticeSpent).
    //   $1 reservation  $2 closing status  $3 captured (never more than the hold)  $4 now  $5 close key  $6 $7 the hold must
    //   expire after / have expired by, when set (CreditReservation.ClosableWhen)  $8 entry id  $9 related object
    //   $10 the entry's key  $11 the entry's reason, with %s for the held amount (CreditService.ReleaseReasons)
    private static string CloseStatement(string onlyIf) => $$"""
        WITH closed AS (
            UPDATE "CreditReservations"
            SET "Status" = $2, "CapturedMillicredits" = $3, "ClosedAt" = $4, "CloseIdempotencyKey" = $5
            WHERE "Id" = $1 AND "Status" = '{{nameof(ReservationStatus.Held)}}' AND "AmountMillicredits" >= $3
              AND ($6::timestamptz IS NULL OR "ExpiresAt" > $6)
              AND ($7::timestamptz IS NULL OR "ExpiresAt" <= $7){{onlyIf}}
            RETURNING "WalletId", "WorkspaceId", "AmountMillicredits", "AmountMillicredits" - $3 AS "Released"
        ), credited AS (
            UPDATE "Wallets" AS w
            SET "BalanceMillicredits" = w."BalanceMillicredits" + c."Released", "UpdatedAt" = $4
            FROM closed AS c
            WHERE w."Id" = c."WalletId" AND c."Released" > 0
            RETURNING w."Id", w."BalanceMillicredits", w."LowBalanceThresholdMillicredits", w."LowBalanceNotifiedAt", w."AiOutOfCreditsNotifiedAt"
        ), entry AS (
            INSERT INTO "LedgerEntries" ("Id", "WalletId", "WorkspaceId", "Type", "AmountMillicredits",
                "BalanceAfterMillicredits", "ActorUserId", "Reason", "RelatedObject", "IdempotencyKey", "CreatedAt")
            SELECT $8, w."Id", c."WorkspaceId", '{{nameof(LedgerEntryType.ReservationRelease)}}', c."Released", w."BalanceMillicredits", NULL,
                format($11, c."AmountMillicredits"), $9, $10, $4
            FROM credited AS w CROSS JOIN closed AS c
        )
        SELECT w."Id", COALESCE(cr."BalanceMillicredits", w."BalanceMillicredits"), cr."LowBalanceThresholdMillicredits", cr."LowBalanceNotifiedAt",
            cr."AiOutOfCreditsNotifiedAt"
        FROM closed AS c JOIN "Wallets" AS w ON w."Id" = c."WalletId" LEFT JOIN credited AS cr ON TRUE
        """;

    private static readonly string Close = CloseStatement("");

    /// <summary>The close statement by its extra condition (a caller's constant), written once.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ClosesOnlyIf = new(StringComparer.Ordinal);

    /// <summary>
    /// A close as one command of a caller's batch (<see cref="PostgresCommand.RunBatchAsync{T}"/>), applied only when
    /// <paramref name="onlyIf"/>, a condition in SQL on parameters from $12 on, holds as well. It reads back one row (the
    /// wallet after it, <see cref="ReadWalletAsync"/>) when it closed the hold and none when not; then nothing of it was written.
    /// </summary>
    public static NpgsqlBatchCommand CloseCommand(Guid reservationId, ReservationStatus closeAs, long captured, string idempotencyKey,
        DateTime now, string onlyIf, params NpgsqlParameter[] onlyIfParameters)
    {
        var command = new NpgsqlBatchCommand(ClosesOnlyIf.GetOrAdd(onlyIf, condition => CloseStatement(" AND " + condition)));
        command.Parameters.AddRange(CloseParameters(reservationId, closeAs, captured, idempotencyKey, now));
        command.Parameters.AddRange(onlyIfParameters);
        return command;
    }

    /// <summary>
    /// A hold as one command of a caller's batch (<see cref="PostgresCommand.RunBatchAsync{T}"/>), placed only when
    /// <paramref name="onlyIf"/>, a condition in SQL on parameters from $13 on, holds as well. It reads back one row (the
    /// wallet after it, <see cref="ReadWalletAsync"/>) when placed and none when not: too little balance, a paused wallet, or the
    /// condition false. Its <paramref name="idempotencyKey"/> must be new: a used one
    /// would fail the whole batch.
    /// </summary>
    public static NpgsqlBatchCommand HoldCommand(Guid workspaceId, long amount, string reason, string idempotencyKey, HeldReservation reservation,
        DateTime now, string onlyIf, params NpgsqlParameter[] onlyIfParameters)
    {
        var command = new NpgsqlBatchCommand(HoldsOnlyIf.GetOrAdd(onlyIf, condition => HoldStatement(" AND " + condition)));
        command.Parameters.AddRange(Parameters(workspaceId, amount, LedgerEntryType.ReservationHold, reason, idempotencyKey, null,
            CreditService.RelatedTo(reservation.Id), Guid.NewGuid(), now, reservation).ToArray());
        command.Parameters.AddRange(onlyIfParameters);
        return command;
    }

    private static readonly Dictionary<LedgerEntryType, string[]> StatusNamesByType =
        Enum.GetValues<LedgerEntryType>().ToDictionary(t => t, t => Wallet.StatusesTaking(t).Select(s => s.ToString()).ToArray());

    private static string[] StatusNames(LedgerEntryType type) => StatusNamesByType[type];

    private const string IdempotencyKeyIndex = "IX_LedgerEntries_IdempotencyKey";

    /// <summary>What the statement did; <see cref="NotApplied"/> wrote nothing and leaves the answer to the EF path.</summary>
    public enum Outcome { Applied, KeyUsed, NotApplied }

    /// <summary>
    /// Closes the hold as <paramref name="closeAs"/>: the wallet after it, or null when the claim found nothing to close
    /// (closed already, expired, or asked to capture more than it holds) and nothing was written.
    /// </summary>
    public static Task<WalletAfterWrite?> TryCloseAsync(StreamlineDbContext db, Guid reservationId, ReservationStatus closeAs, long captured,
        string idempotencyKey, DateTime now, CancellationToken ct) =>
        PostgresCommand.RunAsync(db, Close, CloseParameters(reservationId, closeAs, captured, idempotencyKey, now), ReadWalletAsync, ct);

    private static async Task<WalletAfterWrite?> ReadWalletAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadWalletAsync(reader, ct);
    }

    /// <summary>The row a debit, a hold or a close reads back: the wallet as it left it; null when it wrote nothing.</summary>
    public static async Task<WalletAfterWrite?> ReadWalletAsync(System.Data.Common.DbDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct)
            ? new WalletAfterWrite(reader.GetGuid(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetDateTime(3), reader.IsDBNull(4) ? null : reader.GetDateTime(4))
            : null;

    private static NpgsqlParameter[] CloseParameters(Guid reservationId, ReservationStatus closeAs, long captured, string idempotencyKey, DateTime now)
    {
        var (expiresAfter, expiredBy) = CreditReservation.ClosableWhen(closeAs, now);
        return
            [
                new NpgsqlParameter<Guid> { TypedValue = reservationId },
                new NpgsqlParameter<string> { TypedValue = closeAs.ToString() },
                new NpgsqlParameter<long> { TypedValue = captured },
                new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<string> { TypedValue = idempotencyKey },
                new NpgsqlParameter<DateTime?> { TypedValue = expiresAfter, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<DateTime?> { TypedValue = expiredBy, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<Guid> { TypedValue = Guid.NewGuid() },
                new NpgsqlParameter<string> { TypedValue = CreditService.RelatedTo(reservationId) },
                new NpgsqlParameter<string> { TypedValue = CreditService.ReleaseKey(reservationId) },
                new NpgsqlParameter<string> { TypedValue = CreditService.ReleaseReasons.Template(closeAs, captured) },
            ];
    }

    private static List<NpgsqlParameter> Parameters(Guid workspaceId, long amount, LedgerEntryType type, string reason, string idempotencyKey,
        Guid? actor, string? related, Guid entryId, DateTime now, HeldReservation? reservation)
    {
        List<NpgsqlParameter> parameters =
        [
            new NpgsqlParameter<Guid> { TypedValue = workspaceId },
            new NpgsqlParameter<long> { TypedValue = amount },
            new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new NpgsqlParameter<string[]> { TypedValue = StatusNames(type) },
            new NpgsqlParameter<Guid> { TypedValue = entryId },
            new NpgsqlParameter<string> { TypedValue = type.ToString() },
            new NpgsqlParameter<Guid?> { TypedValue = actor, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter<string> { TypedValue = reason },
            new NpgsqlParameter<string?> { TypedValue = related, NpgsqlDbType = NpgsqlDbType.Varchar },
            new NpgsqlParameter<string> { TypedValue = idempotencyKey },
        ];
        if (reservation is not null)
        {
            parameters.Add(new NpgsqlParameter<Guid> { TypedValue = reservation.Id });
            parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = reservation.ExpiresAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }
        return parameters;
    }

    public static async Task<(Outcome Outcome, WalletAfterWrite? Wallet)> TryAsync(StreamlineDbContext db, LedgerDebit debit, CancellationToken ct)
    {
        var parameters = Parameters(debit.WorkspaceId, debit.Amount, debit.Type, debit.Reason, debit.IdempotencyKey, debit.Actor, debit.Related,
            debit.EntryId, debit.Now, debit.Reservation);
        try
        {
            return await PostgresCommand.RunAsync(db, debit.Reservation is null ? Spend : Hold, parameters,
                async (command, token) => await ReadWalletAsync(command, token) is { } wallet ? (Outcome.Applied, wallet) : (Outcome.NotApplied, null), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == IdempotencyKeyIndex)
        {
            return (Outcome.KeyUsed, null);
        }
    }
}
