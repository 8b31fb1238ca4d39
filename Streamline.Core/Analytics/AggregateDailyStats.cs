using System.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Analytics;

/// <summary>
/// Writes the stored days the analytics read. A day's rows are replaced whole in one transaction, so running a day
/// again (by the schedule, a retry or by hand) leaves exactly what counting it once would.
/// </summary>
public sealed class DailyStatsAggregation(StreamlineDbContext db, DailyStatsCalculator calculator)
{
    /// <summary>
    /// How many past days each nightly run counts again: a lead, a qualification or an accepted proposal arriving
    /// later changes the day its conversation started, and is corrected by the next run within this window.
    /// </summary>
    public const int CorrectionDays = 30;

    /// <summary>Counts <paramref name="day"/> for every workspace and replaces its stored rows; returns how many it wrote.</summary>
    public async Task<int> AggregateDayAsync(DateOnly day, CancellationToken ct)
    {
        var rows = await calculator.AcrossWorkspacesAsync(day, ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            // Serializable: two runs of one day at once cannot both delete and insert; the loser fails and is retried.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            await db.DailyStats.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.Day == day).ExecuteDeleteAsync(ct);
            db.DailyStats.AddRange(rows);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return rows.Count;
        });
    }
}

/// <summary>The nightly run: yesterday and the <see cref="DailyStatsAggregation.CorrectionDays"/> before it.</summary>
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class AggregateDailyStats(DailyStatsAggregation aggregation, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var back = DailyStatsAggregation.CorrectionDays; back >= 1; back--)
            await aggregation.AggregateDayAsync(today.AddDays(-back), ct);
    }

    /// <summary>Re-counts one past day, e.g. from the dashboard after a repair.</summary>
    public Task RunDayAsync(DateOnly day, CancellationToken ct) => aggregation.AggregateDayAsync(day, ct);
}
