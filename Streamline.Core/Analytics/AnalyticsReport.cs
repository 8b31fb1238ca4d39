using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Analytics;

public sealed record CampaignRow(Guid? CampaignId, string Name, Measures Measures);

public sealed record FunnelStep(string Name, int Count);

/// <summary>Everything the analytics page shows for one period, read with as few queries as the page allows.</summary>
public sealed record AnalyticsReport(
    AnalyticsPeriod Period,
    Guid? CampaignId,
    string? CampaignName,
    Measures Totals,
    Measures Previous,
    IReadOnlyList<AnalyticsRow> ByDay,
    IReadOnlyList<CampaignRow> ByCampaign,
    IReadOnlyList<AnalyticsRow> ByChannel,
    IReadOnlyList<AnalyticsRow> ByHourOfWeek)
{
    /// <summary>Conversations → leads → qualified → proposals → won: each step counts the conversations of the period.</summary>
    public IReadOnlyList<FunnelStep> Funnel =>
    [
        new("Conversations", Totals.Conversations), new("Leads", Totals.Leads), new("Qualified leads", Totals.QualifiedLeads),
        new("Proposals sent", Totals.ProposalsSent), new("Won", Totals.Won),
    ];

    /// <summary>Visitor messages by weekday (Monday first) and UTC hour: how busy each hour of the week is.</summary>
    public int[,] Heatmap
    {
        get
        {
            var cells = new int[7, 24];
            foreach (var row in ByHourOfWeek)
                cells[((int)row.Weekday!.Value + 6) % 7, row.Hour!.Value] += row.Measures.VisitorMessages;
            return cells;
        }
    }
}

public sealed class AnalyticsReports(AnalyticsQuery analytics, StreamlineDbContext db)
{
    public const string NoCampaign = "No campaign";

    /// <summary>The current workspace's report, of one campaign when <paramref name="campaignId"/> is set; null when that campaign is not the workspace's.</summary>
    public async Task<AnalyticsReport?> ForPeriodAsync(AnalyticsPeriod period, Guid? campaignId, CancellationToken ct)
    {
        var names = await db.Campaigns.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        if (campaignId is { } id && !names.ContainsKey(id)) return null;

        var slices = await analytics.SlicesAsync(period.From, period.To, hourly: false, campaignId, ct);
        var hours = await analytics.ForPeriodAsync(period.From, period.To, AnalyticsGroupBy.HourOfWeek, campaignId, ct);
        var previous = await analytics.TotalsAsync(period.Previous.From, period.Previous.To, campaignId, ct);
        var byDay = slices.By(AnalyticsGroupBy.Day).ToDictionary(r => r.Day!.Value);
        return new AnalyticsReport(
            period, campaignId, campaignId is { } c ? names[c] : null, slices.Totals, previous,
            [.. period.EachDay.Select(d => byDay.GetValueOrDefault(d) ?? new AnalyticsRow(d, null, null, null, null, Measures.Zero))],
            [.. slices.By(AnalyticsGroupBy.Campaign)
                .Select(r => new CampaignRow(r.CampaignId, r.CampaignId is { } k ? names.GetValueOrDefault(k, "Deleted campaign") : NoCampaign, r.Measures))
                .OrderByDescending(r => r.Measures.Conversations).ThenBy(r => r.Name, StringComparer.Ordinal)],
            slices.By(AnalyticsGroupBy.Channel),
            hours);
    }
}
