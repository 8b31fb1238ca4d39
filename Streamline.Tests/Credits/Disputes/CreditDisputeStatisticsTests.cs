using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Tests.Credits;
using Streamline.Tests.Support;
using static Streamline.Tests.Credits.Disputes.DisputeScene;

namespace Streamline.Tests.Credits.Disputes;

/// <summary>Platform-wide figures, so this class has a database of its own (one per test class).</summary>
public abstract class CreditDisputeStatisticsTests<TDatabase>(TDatabase fixture) : IClassFixture<TDatabase> where TDatabase : CreditsDatabase
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Statistics_count_by_status_sum_the_refunds_and_take_the_exact_median_time_to_close()
    {
        var clock = new ManualClock(Start);
        Assert.Equal(new DisputeStatistics(0, 0, 0, null, 0), await DisputesAsync(fixture, s => s.StatisticsAsync()));

        // Five disputes submitted at 09:00 and one at 09:30, each on a debit of its own.
        var scene = await CreateAsync(fixture, clock);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            if (i == 5) clock.Set(Start.AddMinutes(30));
            var debit = await CreditsAsync(fixture, clock, c => c.SpendAsync(scene.Workspace, 5 * Credit, LedgerEntryType.Consumption, $"run {i}", Key(), null, null));
            ids.Add((await scene.SubmitAsync(fixture, requested: 4 * Credit, entry: debit.EntryId, clock: clock)).Dispute!.Id);
        }

        async Task At(TimeSpan sinceStart, Func<CreditDisputeService, Task<DisputeResult>> act)
        {
            clock.Set(Start + sinceStart);
            Assert.True((await DisputesAsync(fixture, act, clock)).Succeeded);
        }
        await At(TimeSpan.FromHours(1), s => s.ResolveAsync(ids[0], scene.AdminId, 2 * Credit, null, Links)); // 1 h
        await At(TimeSpan.FromHours(2), s => s.StartReviewAsync(ids[1], scene.AdminId, Links));
        await At(TimeSpan.FromHours(4), s => s.RejectAsync(ids[1], scene.AdminId, "No", Links)); // 4 h
        await At(TimeSpan.FromHours(10), s => s.ResolveAsync(ids[2], scene.AdminId, 500, null, Links)); // 10 h
        await At(TimeSpan.FromHours(10), s => s.StartReviewAsync(ids[3], scene.AdminId, Links)); // stays in review

        // Three closed: 1 h, 4 h, 10 h.
        Assert.Equal(new DisputeStatistics(3, 2, 1, 4m, 2_500), await DisputesAsync(fixture, s => s.StatisticsAsync()));

        await At(TimeSpan.FromHours(2), s => s.ResolveAsync(ids[5], scene.AdminId, 1, null, Links)); // 1.5 h after its 09:30 submit

        // Four closed: 1, 1.5, 4 and 10 h; the median is the mean of the middle two.
        Assert.Equal(new DisputeStatistics(2, 3, 1, 2.75m, 2_501), await DisputesAsync(fixture, s => s.StatisticsAsync()));
    }
}

public sealed class CreditDisputeStatisticsTestsOnSqlite(SqliteCreditsDatabase fixture) : CreditDisputeStatisticsTests<SqliteCreditsDatabase>(fixture);

public sealed class CreditDisputeStatisticsTestsOnPostgres(PostgresCreditsDatabase fixture) : CreditDisputeStatisticsTests<PostgresCreditsDatabase>(fixture);
