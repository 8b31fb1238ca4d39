using Microsoft.Extensions.Caching.Memory;

namespace Streamline.Core.Analytics;

/// <summary>The measures of the last days and of as many days before them.</summary>
public sealed record SalesSummary(Measures Current, Measures Before);

/// <summary>
/// The dashboard's sales figures, kept for <see cref="Lifetime"/> per workspace. The dashboard is the page every
/// customer lands on, and counting today's rows live costs more than the rest of the page together; a figure a minute
/// old is fine there, while the analytics page always counts afresh.
/// </summary>
public sealed class SalesSummaryCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public async Task<SalesSummary> GetAsync(AnalyticsQuery analytics, Guid workspaceId, int days, CancellationToken ct)
    {
        var period = AnalyticsPeriod.Last(days, analytics.Today);
        var key = $"sales:{workspaceId:N}:{period.From}:{days}";
        if (cache.TryGetValue(key, out SalesSummary? cached) && cached is not null) return cached;

        // Both periods in one read, split by day.
        var byDay = await analytics.ForPeriodAsync(period.Previous.From, period.To, AnalyticsGroupBy.Day, ct: ct);
        var summary = new SalesSummary(
            Measures.Sum(byDay.Where(r => r.Day >= period.From).Select(r => r.Measures)),
            Measures.Sum(byDay.Where(r => r.Day < period.From).Select(r => r.Measures)));
        cache.Set(key, summary, Lifetime);
        return summary;
    }
}
