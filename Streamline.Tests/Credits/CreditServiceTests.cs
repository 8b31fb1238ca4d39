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

    [Fact]
    public async Task A_spend_leaves_the_balance_its_entry_and_the_ledger_sum_in_agreement()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);

        var (credits, context) = fixture.NewService();
        await using (context)
        {
            var spent = await credits.SpendAsync(workspace, 2_500, LedgerEntryType.Consumption, "a spend", Key(), null, "job:7");
            Assert.True(spent is { Succeeded: true, Duplicate: false, BalanceAfter: 7_500, Amount: -2_500, Reason: "a spend" });
        }

        await using var db = fixture.Database.NewContext();
        var entry = await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.WorkspaceId == workspace && e.Type == LedgerEntryType.Consumption);
        Assert.Equal((-2_500L, 7_500L, "job:7"), (entry.AmountMillicredits, entry.BalanceAfterMillicredits, entry.RelatedObject));
        Assert.Equal(7_500, await BalanceAsync(workspace));
        Assert.Equal(7_500, await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == workspace).SumAsync(e => e.AmountMillicredits));
    }

    [Fact]
    public async Task A_hold_takes_the_balance_writes_its_entry_and_reservation_and_a_capture_returns_the_rest()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);

        ReservationResult held;
        var (credits, context) = fixture.NewService();
        await using (context)
        {
            // The hold takes the balance below the threshold, so its owners are told; the rest coming back ends that.
            await credits.SetLowBalanceThresholdAsync(workspace, 7_000);
            held = await credits.ReserveAsync(workspace, 4_000, "AI reply", TimeSpan.FromMinutes(10), Key(), null);
        }
        Assert.True(held is { Outcome: ReservationOutcome.Done, Status: ReservationStatus.Held, BalanceAfter: 6_000 });

        await using var db = fixture.Database.NewContext();
        var reservation = await db.CreditReservations.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.WorkspaceId == workspace);
        Assert.Equal((held.ReservationId!.Value, 4_000L, ReservationStatus.Held), (reservation.Id, reservation.AmountMillicredits, reservation.Status));
        Assert.Equal(held.ExpiresAt!.Value, reservation.ExpiresAt, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        var hold = await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.WorkspaceId == workspace && e.Type == LedgerEntryType.ReservationHold);
        Assert.Equal((-4_000L, 6_000L, $"reservation:{held.ReservationId}"), (hold.AmountMillicredits, hold.BalanceAfterMillicredits, hold.RelatedObject));
        Assert.NotNull(await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.LowBalanceNotifiedAt).SingleAsync());

        var (closer, closing) = fixture.NewService();
        await using (closing)
        {
            var captured = await closer.CaptureAsync(held.ReservationId!.Value, 1_500, Key());
            Assert.True(captured is { Outcome: ReservationOutcome.Done, Status: ReservationStatus.Captured, BalanceAfter: 8_500 });
        }
        var release = await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.WorkspaceId == workspace && e.Type == LedgerEntryType.ReservationRelease);
        Assert.Equal((2_500L, 8_500L), (release.AmountMillicredits, release.BalanceAfterMillicredits));
        Assert.Equal("Unused part of reservation (1500 of 4000 captured)", release.Reason);
        Assert.Equal($"reservation:{held.ReservationId}:release", release.IdempotencyKey);
        var closed = await db.CreditReservations.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.WorkspaceId == workspace);
        Assert.Equal((ReservationStatus.Captured, 1_500L), (closed.Status, closed.CapturedMillicredits));
        Assert.Equal(8_500, await BalanceAsync(workspace));
        Assert.Equal(8_500, await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == workspace).SumAsync(e => e.AmountMillicredits));
        Assert.Null(await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.LowBalanceNotifiedAt).SingleAsync());

        // A second close finds it closed and writes nothing.
        var (again, againContext) = fixture.NewService();
        await using (againContext)
            Assert.Equal(ReservationOutcome.AlreadyClosed, (await again.ReleaseAsync(held.ReservationId!.Value, Key())).Outcome);
        Assert.Equal(8_500, await BalanceAsync(workspace));
    }

    [Fact]
    public async Task Concurrent_holds_spends_and_closes_never_take_the_balance_below_zero()
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await GrantAsync(workspace, 50 * Credit);

        // Half hold a credit (and half of those give it back at once), half spend one: 300 asks for 50 credits.
        var results = await ConcurrentlyAsync(300, async i =>
        {
            var (credits, db) = fixture.NewService();
            await using (db)
            {
                if (i % 2 == 0) return (await credits.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "spend", Key(), null, null)).Succeeded ? 1 : 0;
                var held = await credits.ReserveAsync(workspace, Credit, "hold", TimeSpan.FromMinutes(5), Key(), null);
                if (!held.Succeeded) return 0;
                if (i % 4 == 1) Assert.Equal(ReservationOutcome.Done, (await credits.ReleaseAsync(held.ReservationId!.Value, Key())).Outcome);
                return 1;
            }
        });

        await using var check = fixture.Database.NewContext();
        var balance = await BalanceAsync(workspace);
        Assert.InRange(balance, 0, 50 * Credit);
        Assert.Equal(balance, await check.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == workspace).SumAsync(e => e.AmountMillicredits));
        var kept = await check.CreditReservations.IgnoreQueryFilters().CountAsync(r => r.WorkspaceId == workspace && r.Status == ReservationStatus.Held);
        var spent = await check.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.WorkspaceId == workspace && e.Type == LedgerEntryType.Consumption);
        // Every credit is either still in the wallet, spent, or held.
        Assert.Equal(50 * Credit, balance + (spent + kept) * Credit);
        Assert.True(results.Sum() >= 50, "while credits remain, asks succeed");
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
}

public sealed class CreditServiceTestsOnPostgresWithoutFastPaths(PortablePostgresCreditsDatabase fixture, ITestOutputHelper output)
    : CreditServiceTests<PortablePostgresCreditsDatabase>(fixture, output);
