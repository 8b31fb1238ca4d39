using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Xunit.Abstractions;

namespace Streamline.Tests.Credits;

public abstract class CreditServiceTests<TDatabase>(TDatabase fixture, ITestOutputHelper output)
    : IClassFixture<TDatabase> where TDatabase : CreditsDatabase
{
    private const long Credit = 1_000;

    protected TDatabase Fixture => fixture;

    [Fact]
    public async Task A_thousand_concurrent_one_credit_spends_against_a_hundred_credits_succeed_exactly_a_hundred_times()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 100 * Credit);

        var clock = Stopwatch.StartNew();
        var results = await ConcurrentlyAsync(1_000, async i =>
        {
            var (credits, db) = fixture.NewService();
            await using (db)
                return await credits.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "test spend", $"spend-{workspace}-{i}", null, null);
        });
        output.WriteLine($"{fixture.Provider}: 1,000 concurrent spends in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(100, results.Count(r => r.Succeeded));
        Assert.Equal(900, results.Count(r => r.Insufficient));
        Assert.DoesNotContain(results, r => r.Duplicate || r.Paused);
        await using var check = fixture.Database.NewContext();
        var balance = await check.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.BalanceMillicredits).SingleAsync();
        Assert.Equal(0, balance);
        var entries = await check.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == workspace).ToListAsync();
        Assert.Equal(balance, entries.Sum(e => e.AmountMillicredits));
        var spends = entries.Where(e => e.Type == LedgerEntryType.Consumption).ToList();
        Assert.Equal(100, spends.Count);
        // Every balance from 99 credits down to 0 appears once: each entry saw exactly its own debit.
        Assert.Equal(Enumerable.Range(0, 100).Select(n => n * Credit), spends.Select(e => e.BalanceAfterMillicredits).Order());
        Assert.Equal(spends.Select(e => e.BalanceAfterMillicredits).Order(), results.Where(r => r.Succeeded).Select(r => r.BalanceAfter).Order());
    }

    [Fact]
    public async Task Spending_more_than_the_balance_is_refused_and_writes_nothing()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 5 * Credit);

        var (credits, db) = fixture.NewService();
        await using (db)
        {
            var result = await credits.SpendAsync(workspace, 5 * Credit + 1, LedgerEntryType.Consumption, "too much", Key(), null, null);
            Assert.True(result.Insufficient);
            Assert.False(result.Succeeded);
            Assert.Equal(5 * Credit, result.BalanceAfter);
        }

        Assert.Equal(5 * Credit, await BalanceAsync(workspace));
        Assert.Equal(1, await EntryCountAsync(workspace));
    }

    [Fact]
    public async Task Repeating_an_idempotency_key_returns_the_first_result_and_changes_nothing()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);
        var key = Key();

        var (credits, db) = fixture.NewService();
        await using (db)
        {
            var first = await credits.SpendAsync(workspace, 3 * Credit, LedgerEntryType.Consumption, "once", key, null, "run:1");
            var second = await credits.SpendAsync(workspace, 3 * Credit, LedgerEntryType.Consumption, "once", key, null, "run:1");

            Assert.True(first is { Succeeded: true, Duplicate: false });
            Assert.True(second is { Succeeded: true, Duplicate: true });
            Assert.Equal(first.EntryId, second.EntryId);
            Assert.Equal(7 * Credit, second.BalanceAfter);
        }

        Assert.Equal(7 * Credit, await BalanceAsync(workspace));
        Assert.Equal(2, await EntryCountAsync(workspace));
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_concurrently_grants_once()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, Credit);
        var key = Key();

        var results = await ConcurrentlyAsync(20, async _ =>
        {
            var (credits, db) = fixture.NewService();
            await using (db)
                return await credits.GrantAsync(workspace, 50 * Credit, LedgerEntryType.Purchase, "pack", key, null, "checkout:cs_1");
        });

        Assert.All(results, r => Assert.True(r.Succeeded));
        var original = Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(original.EntryId, r.EntryId));
        Assert.Equal(51 * Credit, await BalanceAsync(workspace));
        Assert.Equal(2, await EntryCountAsync(workspace));
    }

    [Fact]
    public async Task The_same_idempotency_key_spent_concurrently_debits_once_even_when_it_takes_the_last_credit()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 4 * Credit);
        var key = Key();

        var results = await ConcurrentlyAsync(20, async _ =>
        {
            var (credits, db) = fixture.NewService();
            await using (db)
                return await credits.SpendAsync(workspace, 4 * Credit, LedgerEntryType.Consumption, "run", key, null, null);
        });

        // The repeats find the wallet empty, yet they answer with the first result, not "insufficient".
        Assert.All(results, r => Assert.True(r.Succeeded));
        var original = Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(original.EntryId, r.EntryId));
        Assert.Equal(0, await BalanceAsync(workspace));
        Assert.Equal(2, await EntryCountAsync(workspace));
    }

    [Fact]
    public async Task The_same_idempotency_key_spent_concurrently_with_credits_to_spare_debits_once()
    {
        // Unlike the test above, every racer's debit would fit: the repeats are stopped by the key alone.
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 100 * Credit);
        var key = Key();

        var results = await ConcurrentlyAsync(40, async _ =>
        {
            var (credits, db) = fixture.NewService();
            await using (db)
                return await credits.SpendAsync(workspace, 3 * Credit, LedgerEntryType.Consumption, "run", key, null, "run:1");
        });

        Assert.All(results, r => Assert.True(r.Succeeded));
        var original = Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.True(r.EntryId == original.EntryId && r.BalanceAfter == 97 * Credit
            && r.Amount == -3 * Credit && r.Reason == "run"));
        Assert.Equal(97 * Credit, await BalanceAsync(workspace));
        Assert.Equal(2, await EntryCountAsync(workspace));
    }

    [Fact]
    public async Task An_admin_removal_works_on_a_paused_wallet_that_refuses_consumption()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);
        var (credits, db) = fixture.NewService();
        await using (db)
        {
            await credits.SetStatusAsync(workspace, WalletStatus.Paused);

            var consumed = await credits.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "use", Key(), null, null);
            var removed = await credits.SpendAsync(workspace, 4 * Credit, LedgerEntryType.AdminRemoval, "correction", Key(), Guid.NewGuid(), null);

            Assert.True(consumed is { Paused: true, Succeeded: false });
            Assert.True(removed is { Succeeded: true, Duplicate: false });
            Assert.Equal(6 * Credit, removed.BalanceAfter);
        }
        Assert.Equal(6 * Credit, await BalanceAsync(workspace));
        Assert.Equal(2, await EntryCountAsync(workspace));
    }

    [Fact]
    public async Task A_paused_wallet_refuses_spending_says_paused_and_still_accepts_grants()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);
        var (credits, db) = fixture.NewService();
        await using (db)
        {
            await credits.SetStatusAsync(workspace, WalletStatus.Paused);

            var refused = await credits.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "paused", Key(), null, null);
            Assert.True(refused is { Paused: true, Succeeded: false, Insufficient: false });
            var granted = await credits.GrantAsync(workspace, Credit, LedgerEntryType.AdminGrant, "goodwill", Key(), Guid.NewGuid(), null);
            Assert.True(granted.Succeeded);

            await credits.SetStatusAsync(workspace, WalletStatus.Active);
            var spent = await credits.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "resumed", Key(), null, null);
            Assert.True(spent.Succeeded);
            Assert.Equal(10 * Credit, spent.BalanceAfter);
        }
        Assert.Equal(3, await EntryCountAsync(workspace));
    }

    [Fact]
    public async Task Creating_a_wallet_concurrently_leaves_one_wallet()
    {
        var workspace = await fixture.NewWorkspaceAsync();

        var wallets = await ConcurrentlyAsync(10, async _ =>
        {
            var (credits, db) = fixture.NewService();
            await using (db) return await credits.EnsureWalletAsync(workspace);
        });

        Assert.Single(wallets.Select(w => w.Id).Distinct());
        await using var check = fixture.Database.NewContext();
        Assert.Equal(1, await check.Wallets.IgnoreQueryFilters().CountAsync(w => w.WorkspaceId == workspace));
    }

    [Fact]
    public async Task Ledger_entries_cannot_be_changed_or_deleted_through_the_context()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);

        await using (var db = fixture.Database.NewContext())
        {
            var entry = await db.LedgerEntries.IgnoreQueryFilters().SingleAsync(e => e.WorkspaceId == workspace);
            entry.AmountMillicredits = 1_000_000;
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = fixture.Database.NewContext())
        {
            var entry = await db.LedgerEntries.IgnoreQueryFilters().SingleAsync(e => e.WorkspaceId == workspace);
            db.LedgerEntries.Remove(entry);
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        await using var check = fixture.Database.NewContext();
        var stored = await check.LedgerEntries.IgnoreQueryFilters().SingleAsync(e => e.WorkspaceId == workspace);
        Assert.Equal(10 * Credit, stored.AmountMillicredits);
    }

    [Fact]
    public async Task Reconciliation_finds_a_wallet_whose_balance_was_tampered_with()
    {
        var honest = await fixture.NewWorkspaceAsync();
        var tampered = await fixture.NewWorkspaceAsync();
        await GrantAsync(honest, 10 * Credit);
        await GrantAsync(tampered, 10 * Credit);

        await using (var db = fixture.Database.NewContext())
        {
            var walletId = await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == tampered).Select(w => w.Id).SingleAsync();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE \"Wallets\" SET \"BalanceMillicredits\" = \"BalanceMillicredits\" + 5000 WHERE \"Id\" = {walletId}");
        }

        var (credits, context) = fixture.NewService();
        await using (context)
        {
            var found = await credits.ReconcileAsync();
            var wrong = Assert.Single(found, d => d.WorkspaceId == tampered);
            Assert.Equal(15 * Credit, wrong.BalanceMillicredits);
            Assert.Equal(10 * Credit, wrong.LedgerSumMillicredits);
            Assert.DoesNotContain(found, d => d.WorkspaceId == honest);
        }
    }

    protected async Task GrantAsync(Guid workspace, long amount)
    {
        var (credits, db) = fixture.NewService();
        await using (db)
            Assert.True((await credits.GrantAsync(workspace, amount, LedgerEntryType.AdminGrant, "arrange", Key(), null, null)).Succeeded);
    }

    private async Task<long> BalanceAsync(Guid workspace)
    {
        await using var db = fixture.Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.BalanceMillicredits).SingleAsync();
    }

    private async Task<int> EntryCountAsync(Guid workspace)
    {
        await using var db = fixture.Database.NewContext();
        return await db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.WorkspaceId == workspace);
    }

    protected static string Key() => $"test:{Guid.NewGuid():N}";

    private Task<T[]> ConcurrentlyAsync<T>(int count, Func<int, Task<T>> call) => fixture.ConcurrentlyAsync(count, call);
}

public sealed class CreditServiceTestsOnSqlite(SqliteCreditsDatabase fixture, ITestOutputHelper output)
    : CreditServiceTests<SqliteCreditsDatabase>(fixture, output)
{
    [Fact]
    public async Task The_database_itself_refuses_to_update_or_delete_a_ledger_entry()
    {
        var workspace = await Fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * 1_000);

        await using var db = Fixture.Database.NewContext();
        var update = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"LedgerEntries\" SET \"AmountMillicredits\" = 1 WHERE \"WorkspaceId\" = {workspace}"));
        Assert.Contains("append-only", update.Message);
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.LedgerEntries.IgnoreQueryFilters()
            .Where(e => e.WorkspaceId == workspace).ExecuteDeleteAsync());

        Assert.Equal(10 * 1_000, await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == workspace).SumAsync(e => e.AmountMillicredits));
    }
}

public sealed class CreditServiceTestsOnPostgres(PostgresCreditsDatabase fixture, ITestOutputHelper output)
    : CreditServiceTests<PostgresCreditsDatabase>(fixture, output)
{
    [Fact]
    public async Task The_database_itself_refuses_to_update_or_delete_a_ledger_entry()
    {
        var workspace = await Fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * 1_000);

        await using var db = Fixture.Database.NewContext();
        var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"LedgerEntries\" SET \"AmountMillicredits\" = 1 WHERE \"WorkspaceId\" = {workspace}"));
        Assert.Contains("append-only", update.MessageText);
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"DELETE FROM \"LedgerEntries\" WHERE \"WorkspaceId\" = {workspace}"));
        Assert.Contains("append-only", delete.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => db.LedgerEntries.IgnoreQueryFilters()
            .Where(e => e.WorkspaceId == workspace).ExecuteDeleteAsync());

        Assert.Equal(10 * 1_000, await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == workspace).SumAsync(e => e.AmountMillicredits));
    }

    [Fact]
    public async Task A_spend_changes_the_balance_and_writes_its_entry_in_one_statement_of_one_transaction()
    {
        var workspace = await Fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * 1_000);

        var (credits, context) = Fixture.NewService();
        await using (context)
        {
            var spent = await credits.SpendAsync(workspace, 2_500, LedgerEntryType.Consumption, "one statement", Key(), null, "job:7");
            Assert.True(spent is { Succeeded: true, Duplicate: false, BalanceAfter: 7_500, Amount: -2_500, Reason: "one statement" });
        }

        // xmin names the transaction that wrote a row version and cmin the command within it: the
        // wallet's new version and the entry share both, so they were one statement (the portable path
        // would show the entry one command later) and can only have committed together.
        await using var db = Fixture.Database.NewContext();
        var rows = await db.Database.SqlQuery<WrittenBy>($"""
            SELECT w.xmin::text AS "WalletTransaction", w.cmin::text AS "WalletCommand",
                   e.xmin::text AS "EntryTransaction", e.cmin::text AS "EntryCommand",
                   w."BalanceMillicredits" AS "Balance", e."BalanceAfterMillicredits" AS "EntryBalanceAfter",
                   e."RelatedObject" AS "Related",
                   (SELECT sum(l."AmountMillicredits") FROM "LedgerEntries" l WHERE l."WalletId" = w."Id")::bigint AS "LedgerSum"
            FROM "Wallets" w JOIN "LedgerEntries" e ON e."WalletId" = w."Id" AND e."Type" = 'Consumption'
            WHERE w."WorkspaceId" = {workspace}
            """).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(row.WalletTransaction, row.EntryTransaction);
        Assert.Equal(row.WalletCommand, row.EntryCommand);
        Assert.Equal(7_500, row.Balance);
        Assert.Equal(7_500, row.EntryBalanceAfter);
        Assert.Equal(7_500, row.LedgerSum);
        Assert.Equal("job:7", row.Related);
    }

    [Fact]
    public async Task A_hold_changes_the_balance_and_writes_its_entry_and_reservation_in_one_statement_of_one_transaction()
    {
        var workspace = await Fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * 1_000);

        var (credits, context) = Fixture.NewService();
        ReservationResult held;
        await using (context)
            held = await credits.ReserveAsync(workspace, 4_000, "AI reply", TimeSpan.FromMinutes(10), Key(), null);
        Assert.Equal(ReservationOutcome.Done, held.Outcome);
        Assert.Equal(6_000, held.BalanceAfter);

        await using var db = Fixture.Database.NewContext();
        var rows = await db.Database.SqlQuery<HeldBy>($"""
            SELECT w.xmin::text AS "WalletTransaction", w.cmin::text AS "WalletCommand",
                   e.xmin::text AS "EntryTransaction", e.cmin::text AS "EntryCommand",
                   r.xmin::text AS "ReservationTransaction", r.cmin::text AS "ReservationCommand",
                   r."Id" AS "ReservationId", r."AmountMillicredits" AS "Held", r."Status" AS "Status", r."ExpiresAt" AS "ExpiresAt",
                   e."RelatedObject" AS "Related", w."BalanceMillicredits" AS "Balance"
            FROM "Wallets" w
            JOIN "LedgerEntries" e ON e."WalletId" = w."Id" AND e."Type" = 'ReservationHold'
            JOIN "CreditReservations" r ON r."WalletId" = w."Id"
            WHERE w."WorkspaceId" = {workspace}
            """).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(row.WalletTransaction, row.EntryTransaction);
        Assert.Equal(row.WalletTransaction, row.ReservationTransaction);
        Assert.Equal(row.WalletCommand, row.EntryCommand);
        Assert.Equal(row.WalletCommand, row.ReservationCommand);
        Assert.Equal(held.ReservationId, row.ReservationId);
        Assert.Equal($"reservation:{held.ReservationId}", row.Related);
        Assert.Equal(4_000, row.Held);
        Assert.Equal(nameof(ReservationStatus.Held), row.Status);
        Assert.Equal(held.ExpiresAt!.Value, row.ExpiresAt, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        Assert.Equal(6_000, row.Balance);

        // And it closes like any hold: the capture returns the rest.
        var (closer, closing) = Fixture.NewService();
        await using (closing)
            Assert.Equal(ReservationOutcome.Done, (await closer.CaptureAsync(held.ReservationId!.Value, 1_500, Key())).Outcome);
        Assert.Equal(8_500, await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.BalanceMillicredits).SingleAsync());
    }

    [Fact]
    public async Task A_capture_claims_the_hold_returns_the_rest_and_writes_its_release_in_one_statement_of_one_transaction()
    {
        var workspace = await Fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * 1_000);
        var (credits, context) = Fixture.NewService();
        ReservationResult held;
        await using (context)
        {
            // The hold takes the balance below the threshold, so its owners are told; the rest coming back ends that.
            await credits.SetLowBalanceThresholdAsync(workspace, 7_000);
            held = await credits.ReserveAsync(workspace, 4_000, "AI reply", TimeSpan.FromMinutes(10), Key(), null);
        }
        await using var db = Fixture.Database.NewContext();
        Assert.NotNull(await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.LowBalanceNotifiedAt).SingleAsync());

        var (closer, closing) = Fixture.NewService();
        await using (closing)
        {
            var captured = await closer.CaptureAsync(held.ReservationId!.Value, 1_500, Key());
            Assert.True(captured is { Outcome: ReservationOutcome.Done, Status: ReservationStatus.Captured, BalanceAfter: 8_500 });
        }

        var rows = await db.Database.SqlQuery<ClosedBy>($"""
            SELECT w.xmin::text AS "WalletTransaction", w.cmin::text AS "WalletCommand",
                   e.xmin::text AS "EntryTransaction", e.cmin::text AS "EntryCommand",
                   r.xmin::text AS "ReservationTransaction", r.cmin::text AS "ReservationCommand",
                   r."Status" AS "Status", r."CapturedMillicredits" AS "Captured", e."AmountMillicredits" AS "Released",
                   e."BalanceAfterMillicredits" AS "EntryBalanceAfter", e."Reason" AS "Reason", e."IdempotencyKey" AS "Key",
                   w."BalanceMillicredits" AS "Balance", w."LowBalanceNotifiedAt" AS "Notified",
                   (SELECT sum(l."AmountMillicredits") FROM "LedgerEntries" l WHERE l."WalletId" = w."Id")::bigint AS "LedgerSum"
            FROM "Wallets" w
            JOIN "LedgerEntries" e ON e."WalletId" = w."Id" AND e."Type" = 'ReservationRelease'
            JOIN "CreditReservations" r ON r."WalletId" = w."Id"
            WHERE w."WorkspaceId" = {workspace}
            """).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(row.WalletTransaction, row.EntryTransaction);
        Assert.Equal(row.WalletTransaction, row.ReservationTransaction);
        Assert.Equal(row.WalletCommand, row.EntryCommand);
        Assert.Equal(row.WalletCommand, row.ReservationCommand);
        Assert.Equal((nameof(ReservationStatus.Captured), 1_500L, 2_500L), (row.Status, row.Captured, row.Released));
        Assert.Equal("Unused part of reservation (1500 of 4000 captured)", row.Reason);
        Assert.Equal($"reservation:{held.ReservationId}:release", row.Key);
        Assert.Equal((8_500L, 8_500L, 8_500L), (row.Balance, row.EntryBalanceAfter, row.LedgerSum));
        Assert.Null(row.Notified);

        // A second close finds it closed and writes nothing.
        var (again, againContext) = Fixture.NewService();
        await using (againContext)
            Assert.Equal(ReservationOutcome.AlreadyClosed, (await again.ReleaseAsync(held.ReservationId!.Value, Key())).Outcome);
        Assert.Equal(8_500, await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.BalanceMillicredits).SingleAsync());
    }

    private sealed record ClosedBy(string WalletTransaction, string WalletCommand, string EntryTransaction, string EntryCommand,
        string ReservationTransaction, string ReservationCommand, string Status, long Captured, long Released, long EntryBalanceAfter,
        string Reason, string Key, long Balance, DateTime? Notified, long LedgerSum);

    private sealed record HeldBy(string WalletTransaction, string WalletCommand, string EntryTransaction, string EntryCommand,
        string ReservationTransaction, string ReservationCommand, Guid ReservationId, long Held, string Status, DateTime ExpiresAt,
        string? Related, long Balance);

    private sealed record WrittenBy(string WalletTransaction, string WalletCommand, string EntryTransaction, string EntryCommand,
        long Balance, long EntryBalanceAfter, string? Related, long LedgerSum);
}
