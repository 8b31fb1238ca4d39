using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Analytics;
using Streamline.Core.Data;

namespace Streamline.Web.Bench;

/// <summary>
/// bench/analytics.sh's handles on the analytics: count stored days, and time a plain COUNT(*) over a workspace's
/// messages in the same process and database, the yardstick the page and the aggregation are compared with.
/// </summary>
public static class BenchAnalytics
{
    public static void MapBenchAnalytics(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bench/analytics/aggregate", async (DateOnly from, DateOnly to, DailyStatsAggregation aggregation, CancellationToken ct) =>
            {
                var slowest = 0.0;
                var total = Stopwatch.StartNew();
                for (var day = from; day <= to; day = day.AddDays(1))
                {
                    var one = Stopwatch.StartNew();
                    await aggregation.AggregateDayAsync(day, ct);
                    slowest = Math.Max(slowest, one.Elapsed.TotalMilliseconds);
                }
                return Results.Ok(new { days = to.DayNumber - from.DayNumber + 1, slowestMs = slowest, totalMs = total.Elapsed.TotalMilliseconds });
            })
            .AllowAnonymous()
            .DisableAntiforgery();

        app.MapGet("/bench/analytics/count", async (Guid workspace, StreamlineDbContext db, CancellationToken ct) =>
            {
                var watch = Stopwatch.StartNew();
                var messages = await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(m => m.WorkspaceId == workspace, ct);
                return Results.Ok(new { messages, ms = watch.Elapsed.TotalMilliseconds });
            })
            .AllowAnonymous();
    }
}
