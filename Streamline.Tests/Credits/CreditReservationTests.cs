using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Tests.Credits;

public abstract class CreditReservationTests<TDatabase>(TDatabase fixture)
    : IClassFixture<TDatabase> where TDatabase : CreditsDatabase
{
    private const long Credit = 1_000;
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Capturing_less_than_the_hold_returns_the_rest_and_the_ledger_still_sums_to_the_balance()
    {
        var workspace = await WorkspaceWithAsync(10 * Credit);

        var hold = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "render", TenMinutes, Key(), null));
        Assert.True(hold is { Outcome: ReservationOutcome.Done, Status: ReservationStatus.Held, BalanceAfter: 6 * Credit });
        Assert.NotNull(hold.ExpiresAt);
        await AssertLedgerMatchesBalanceAsync(workspace, 6 * Credit);

        var captureKey = Key();
        var captured = await WithServiceAsync(c => c.CaptureAsync(hold.ReservationId!.Value, 2_500, captureKey));
        Assert.True(captured is { Outcome: ReservationOutcome.Done, Status: ReservationStatus.Captured, BalanceAfter: 7_500 });
        var again = await WithServiceAsync(c => c.CaptureAsync(hold.ReservationId!.Value, 2_500, captureKey));
        Assert.True(again is { Outcome: ReservationOutcome.Repeated, Status: ReservationStatus.Captured, BalanceAfter: 7_500 });

        var entries = await AssertLedgerMatchesBalanceAsync(workspace, 7_500);
        Assert.Equal(
            [(LedgerEntryType.AdminGrant, 10 * Credit), (LedgerEntryType.ReservationHold, -4 * Credit), (LedgerEntryType.ReservationRelease, 1_500)],
            entries.Select(e => (e.Type, e.AmountMillicredits)));
        var reservation = await ReservationAsync(hold.ReservationId!.Value);
        Assert.Equal(ReservationStatus.Captured, reservation.Status);
        Assert.Equal(2_500, reservation.CapturedMillicredits);
        Assert.NotNull(reservation.ClosedAt);
    }

    [Fact]
    public async Task Capturing_exactly_the_hold_writes_no_release_entry()
    {
        var workspace = await WorkspaceWithAsync(10 * Credit);
        var hold = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "render", TenMinutes, Key(), null));

        var captured = await WithServiceAsync(c => c.CaptureAsync(hold.ReservationId!.Value, 4 * Credit, Key()));

        Assert.True(captured is { Outcome: ReservationOutcome.Done, BalanceAfter: 6 * Credit });
        var entries = await AssertLedgerMatchesBalanceAsync(workspace, 6 * Credit);
        Assert.DoesNotContain(entries, e => e.Type == LedgerEntryType.ReservationRelease);
    }

    [Fact]
    public async Task Releasing_a_hold_returns_all_of_it_and_closes_it_for_good()
    {
        var workspace = await WorkspaceWithAsync(10 * Credit);
        var hold = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "render", TenMinutes, Key(), null));

        var released = await WithServiceAsync(c => c.ReleaseAsync(hold.ReservationId!.Value, Key()));
        Assert.True(released is { Outcome: ReservationOutcome.Done, Status: ReservationStatus.Released, BalanceAfter: 10 * Credit });

        var late = await WithServiceAsync(c => c.CaptureAsync(hold.ReservationId!.Value, Credit, Key()));
        Assert.True(late is { Outcome: ReservationOutcome.AlreadyClosed, Status: ReservationStatus.Released, Succeeded: false });
        var entries = await AssertLedgerMatchesBalanceAsync(workspace, 10 * Credit);
        Assert.Equal(3, entries.Count);
        Assert.Equal(4 * Credit, Assert.Single(entries, e => e.Type == LedgerEntryType.ReservationRelease).AmountMillicredits);
    }

    [Fact]
    public async Task A_hold_larger_than_the_balance_is_refused_and_writes_nothing()
    {
        var workspace = await WorkspaceWithAsync(5 * Credit);

        var refused = await WithServiceAsync(c => c.ReserveAsync(workspace, 5 * Credit + 1, "too much", TenMinutes, Key(), null));

        Assert.True(refused is { Outcome: ReservationOutcome.Insufficient, ReservationId: null, BalanceAfter: 5 * Credit });
        Assert.Single(await AssertLedgerMatchesBalanceAsync(workspace, 5 * Credit));
        Assert.Equal(0, await ReservationCountAsync(workspace));
    }

    [Fact]
    public async Task A_paused_wallet_refuses_a_hold_and_writes_nothing()
    {
        var workspace = await WorkspaceWithAsync(5 * Credit);
        await WithServiceAsync(async c => { await c.SetStatusAsync(workspace, WalletStatus.Paused); return 0; });

        var refused = await WithServiceAsync(c => c.ReserveAsync(workspace, Credit, "paused", TenMinutes, Key(), null));

        Assert.Equal(ReservationOutcome.Paused, refused.Outcome);
        Assert.Single(await AssertLedgerMatchesBalanceAsync(workspace, 5 * Credit));
        Assert.Equal(0, await ReservationCountAsync(workspace));
    }

    [Fact]
    public async Task Capturing_more_than_was_held_is_refused_and_writes_nothing()
    {
        var workspace = await WorkspaceWithAsync(10 * Credit);
        var hold = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "render", TenMinutes, Key(), null));

        var refused = await WithServiceAsync(c => c.CaptureAsync(hold.ReservationId!.Value, 4 * Credit + 1, Key()));

        Assert.True(refused is { Outcome: ReservationOutcome.ExceedsHold, Status: ReservationStatus.Held });
        Assert.Equal(2, (await AssertLedgerMatchesBalanceAsync(workspace, 6 * Credit)).Count);
        Assert.Equal(ReservationStatus.Held, (await ReservationAsync(hold.ReservationId!.Value)).Status);
    }

    [Fact]
    public async Task Repeating_a_reserve_key_returns_the_same_hold_even_when_sent_concurrently()
    {
        var workspace = await WorkspaceWithAsync(10 * Credit);
        var key = Key();

        var results = await fixture.ConcurrentlyAsync(10, _ =>
            WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "render", TenMinutes, key, null)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results, r => r.Outcome == ReservationOutcome.Done);
        Assert.Single(results.Select(r => r.ReservationId).Distinct());
        Assert.Equal(1, await ReservationCountAsync(workspace));
        Assert.Equal(2, (await AssertLedgerMatchesBalanceAsync(workspace, 6 * Credit)).Count);
    }

    [Fact]
    public async Task Of_twenty_concurrent_captures_and_releases_of_one_hold_exactly_one_wins()
    {
        var workspace = await WorkspaceWithAsync(10 * Credit);
        var hold = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "render", TenMinutes, Key(), null));
        var id = hold.ReservationId!.Value;

        var results = await fixture.ConcurrentlyAsync(20, i => WithServiceAsync(c =>
            i % 2 == 0 ? c.CaptureAsync(id, Credit, Key()) : c.ReleaseAsync(id, Key())));

        var winner = Assert.Single(results, r => r.Outcome == ReservationOutcome.Done);
        Assert.All(results.Where(r => r != winner), r =>
            Assert.True(r is { Outcome: ReservationOutcome.AlreadyClosed } && r.Status == winner.Status));
        var expected = winner.Status == ReservationStatus.Captured ? 9 * Credit : 10 * Credit;
        var entries = await AssertLedgerMatchesBalanceAsync(workspace, expected);
        Assert.Single(entries, e => e.Type == LedgerEntryType.ReservationRelease);
        Assert.Equal(winner.Status, (await ReservationAsync(id)).Status);
    }

    [Fact]
    public async Task The_expiry_job_releases_an_expired_hold_once_even_when_two_runs_overlap()
    {
        var workspace = await WorkspaceWithAsync(10 * Credit);
        var hold = await WithServiceAsync(c => c.ReserveAsync(workspace, 3 * Credit, "render", TimeSpan.FromMilliseconds(1), Key(), null));
        var id = hold.ReservationId!.Value;
        await Task.Delay(50);

        var late = await WithServiceAsync(c => c.CaptureAsync(id, Credit, Key()));
        Assert.True(late is { Outcome: ReservationOutcome.Expired, Status: ReservationStatus.Held });

        // Other tests' holds expire in ten minutes, so only this one is due.
        var now = DateTime.UtcNow.AddSeconds(30);
        var runs = await fixture.ConcurrentlyAsync(2, _ => WithServiceAsync(c => c.ReleaseExpiredAsync(now)));

        Assert.Equal(1, runs.Sum());
        Assert.Equal(0, await WithServiceAsync(c => c.ReleaseExpiredAsync(now)));
        var reservation = await ReservationAsync(id);
        Assert.Equal(ReservationStatus.Expired, reservation.Status);
        Assert.Equal(0, reservation.CapturedMillicredits);
        var entries = await AssertLedgerMatchesBalanceAsync(workspace, 10 * Credit);
        Assert.Equal(3 * Credit, Assert.Single(entries, e => e.Type == LedgerEntryType.ReservationRelease).AmountMillicredits);
    }

    [Fact]
    public async Task The_packages_are_seeded_with_exact_prices_and_credits()
    {
        await using var db = fixture.Database.NewContext();
        var packages = await db.CreditPackages.OrderBy(p => p.SortOrder).ToListAsync();

        Assert.Equal(
        [
            ("starter", CreditPackageKind.Subscription, 1_999L, 200_000L),
            ("professional", CreditPackageKind.Subscription, 4_999L, 600_000L),
            ("enterprise", CreditPackageKind.Subscription, 9_999L, 1_500_000L),
            ("pack-100", CreditPackageKind.Pack, 1_000L, 100_000L),
            ("pack-550", CreditPackageKind.Pack, 4_500L, 550_000L),
            ("pack-1350", CreditPackageKind.Pack, 10_000L, 1_350_000L),
            ("pack-3500", CreditPackageKind.Pack, 22_500L, 3_500_000L),
            ("pack-12000", CreditPackageKind.Pack, 70_000L, 12_000_000L),
        ], packages.Select(p => (p.Code, p.Kind, p.PriceCents, p.CreditsMillicredits)));
        Assert.All(packages, p => Assert.True(p is { Currency: "usd", IsActive: true }));
        Assert.Equal(["API access"], packages.Single(p => p.Code == "professional").FeatureList.Where(f => f.Contains("API")));
        Assert.Equal(5, packages.Single(p => p.Code == "enterprise").FeatureList.Count);
    }

    private async Task<Guid> WorkspaceWithAsync(long amount)
    {
        var workspace = await fixture.NewWorkspaceAsync();
        var granted = await WithServiceAsync(c => c.GrantAsync(workspace, amount, LedgerEntryType.AdminGrant, "arrange", Key(), null, null));
        Assert.True(granted.Succeeded);
        return workspace;
    }

    private async Task<T> WithServiceAsync<T>(Func<CreditService, Task<T>> call)
    {
        var (credits, db) = fixture.NewService();
        await using (db) return await call(credits);
    }

    /// <summary>The invariant after every operation: the wallet equals the sum of its ledger.</summary>
    private async Task<List<LedgerEntry>> AssertLedgerMatchesBalanceAsync(Guid workspace, long expected)
    {
        await using var db = fixture.Database.NewContext();
        var balance = await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.BalanceMillicredits).SingleAsync();
        var entries = (await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == workspace).ToListAsync())
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Type).ToList();
        Assert.Equal(expected, balance);
        Assert.Equal(balance, entries.Sum(e => e.AmountMillicredits));
        return entries;
    }

    private async Task<CreditReservation> ReservationAsync(Guid id)
    {
        await using var db = fixture.Database.NewContext();
        return await db.CreditReservations.IgnoreQueryFilters().SingleAsync(r => r.Id == id);
    }

    private async Task<int> ReservationCountAsync(Guid workspace)
    {
        await using var db = fixture.Database.NewContext();
        return await db.CreditReservations.IgnoreQueryFilters().CountAsync(r => r.WorkspaceId == workspace);
    }

    private static string Key() => $"test:{Guid.NewGuid():N}";
}

public sealed class CreditReservationTestsOnSqlite(SqliteCreditsDatabase fixture)
    : CreditReservationTests<SqliteCreditsDatabase>(fixture);

public sealed class CreditReservationTestsOnPostgres(PostgresCreditsDatabase fixture)
    : CreditReservationTests<PostgresCreditsDatabase>(fixture);

public sealed class CreditReservationTestsOnPostgresWithoutFastPaths(PortablePostgresCreditsDatabase fixture)
    : CreditReservationTests<PortablePostgresCreditsDatabase>(fixture);
