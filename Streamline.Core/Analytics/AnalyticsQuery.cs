using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Analytics;

public enum AnalyticsGroupBy { None, Day, Campaign, Channel, HourOfWeek }

/// <summary>
/// One line of a breakdown: the key fields of <see cref="AnalyticsGroupBy"/> that apply are set (Day; CampaignId, null
/// for conversations without one; Channel; Weekday and Hour, UTC).
/// </summary>
public sealed record AnalyticsRow(DateOnly? Day, Guid? CampaignId, ConversationChannel? Channel, DayOfWeek? Weekday, int? Hour, Measures Measures);

/// <summary>
/// The current workspace's measures for any period of UTC days: stored days from <see cref="DailyStat"/>, today counted
/// live by <see cref="DailyStatsCalculator"/>. The one way pages (and anything answering questions about the numbers)
/// read them.
/// </summary>
public sealed class AnalyticsQuery(StreamlineDbContext db, DailyStatsCalculator calculator, TimeProvider clock)
{
    private sealed class SliceKey
    {
        public DateOnly Day { get; init; }
        public int Hour { get; init; }
        public Guid? CampaignId { get; init; }
        public ConversationChannel? Channel { get; init; }
    }

    private (DateOnly Day, List<DailyStat> Rows)? _live;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Totals of [<paramref name="from"/>, <paramref name="to"/>] (whole UTC days), broken down by <paramref name="groupBy"/>.</summary>
    public async Task<IReadOnlyList<AnalyticsRow>> ForPeriodAsync(
        DateOnly from, DateOnly to, AnalyticsGroupBy groupBy, Guid? campaignId = null, CancellationToken ct = default) =>
        (await SlicesAsync(from, to, hourly: groupBy == AnalyticsGroupBy.HourOfWeek, campaignId, ct)).By(groupBy);

    /// <summary>The totals of a period.</summary>
    public async Task<Measures> TotalsAsync(DateOnly from, DateOnly to, Guid? campaignId = null, CancellationToken ct = default) =>
        (await SlicesAsync(from, to, hourly: false, campaignId, ct)).Totals;

    /// <summary>
    /// A period read once, to be broken down several ways (a page of tables). <paramref name="hourly"/> keeps the
    /// hours apart and sums campaigns and channels together: what the hour-of-week breakdown needs, and only that.
    /// </summary>
    public async Task<AnalyticsSlices> SlicesAsync(DateOnly from, DateOnly to, bool hourly, Guid? campaignId, CancellationToken ct)
    {
        var today = Today;
        var slices = new List<AnalyticsSlice>();
        var storedTo = to < today ? to : today.AddDays(-1);
        if (from <= storedTo)
        {
            var stored = db.DailyStats.AsNoTracking().Where(s => s.Day >= from && s.Day <= storedTo);
            if (campaignId is { } id) stored = stored.Where(s => s.CampaignId == id);
            var grouped = hourly
                ? stored.GroupBy(s => new SliceKey { Day = s.Day, Hour = s.Hour })
                : stored.GroupBy(s => new SliceKey { Day = s.Day, CampaignId = s.CampaignId, Channel = (ConversationChannel?)s.Channel });
            slices.AddRange(await grouped.Select(g => new AnalyticsSlice(g.Key.Day, g.Key.Hour, g.Key.CampaignId, g.Key.Channel, new Measures(
                    g.Sum(s => s.Conversations), g.Sum(s => s.ConversationsEngaged), g.Sum(s => s.ConversationsAnswered),
                    g.Sum(s => s.VisitorMessages), g.Sum(s => s.AiReplies), g.Sum(s => s.HumanReplies), g.Sum(s => s.Handoffs),
                    g.Sum(s => s.Leads), g.Sum(s => s.QualifiedLeads), g.Sum(s => s.ProposalsSent), g.Sum(s => s.ProposalsAccepted),
                    g.Sum(s => s.ProposalRevenueCents), g.Sum(s => s.JobsCreated), g.Sum(s => s.Orders), g.Sum(s => s.OrderRevenueCents),
                    g.Sum(s => s.AiCostMillicredits),
                    new FirstResponseTimes(g.Sum(s => s.FirstResponseWithin10s), g.Sum(s => s.FirstResponseWithin30s),
                        g.Sum(s => s.FirstResponseWithin1m), g.Sum(s => s.FirstResponseWithin5m), g.Sum(s => s.FirstResponseWithin15m),
                        g.Sum(s => s.FirstResponseWithin1h), g.Sum(s => s.FirstResponseWithin1d), g.Sum(s => s.FirstResponseLater)))))
                .ToListAsync(ct));
        }

        if (from <= today && today <= to)
        {
            // Counted once per request however many breakdowns the page asks for: it is the costly part.
            if (_live?.Day != today) _live = (today, await calculator.ForCurrentWorkspaceAsync(today, ct));
            var live = _live.Value.Rows.Where(s => campaignId is null || s.CampaignId == campaignId);
            slices.AddRange(hourly
                ? live.GroupBy(s => s.Hour).Select(g => new AnalyticsSlice(today, g.Key, null, null, Measures.Sum(g.Select(s => s.Measures))))
                : live.GroupBy(s => (s.CampaignId, s.Channel))
                    .Select(g => new AnalyticsSlice(today, 0, g.Key.CampaignId, g.Key.Channel, Measures.Sum(g.Select(s => s.Measures)))));
        }

        return new AnalyticsSlices(slices, hourly);
    }
}

/// <summary>One period's measures at the grain of (day, hour, campaign, channel), to be summed any way.</summary>
/// <summary>One period's measures by day and campaign and channel, or (hourly) by day and hour.</summary>
public sealed record AnalyticsSlice(DateOnly Day, int Hour, Guid? CampaignId, ConversationChannel? Channel, Measures Measures);

public sealed class AnalyticsSlices(IReadOnlyList<AnalyticsSlice> slices, bool hourly)
{
    public Measures Totals => Measures.Sum(slices.Select(s => s.Measures));

    public IReadOnlyList<AnalyticsRow> By(AnalyticsGroupBy groupBy)
    {
        if (groupBy == AnalyticsGroupBy.HourOfWeek && !hourly)
            throw new InvalidOperationException("The hour-of-week breakdown needs slices read with their hours.");
        if (groupBy is AnalyticsGroupBy.Campaign or AnalyticsGroupBy.Channel && hourly)
            throw new InvalidOperationException("Slices read by the hour have no campaigns or channels.");
        IEnumerable<AnalyticsRow> rows = groupBy switch
        {
            AnalyticsGroupBy.Day => slices.GroupBy(s => s.Day).OrderBy(g => g.Key)
                .Select(g => new AnalyticsRow(g.Key, null, null, null, null, Sum(g))),
            AnalyticsGroupBy.Campaign => slices.GroupBy(s => s.CampaignId)
                .Select(g => new AnalyticsRow(null, g.Key, null, null, null, Sum(g))),
            AnalyticsGroupBy.Channel => slices.GroupBy(s => s.Channel!.Value).OrderBy(g => g.Key)
                .Select(g => new AnalyticsRow(null, null, g.Key, null, null, Sum(g))),
            AnalyticsGroupBy.HourOfWeek => slices.GroupBy(s => (s.Day.DayOfWeek, s.Hour)).OrderBy(g => g.Key)
                .Select(g => new AnalyticsRow(null, null, null, g.Key.DayOfWeek, g.Key.Hour, Sum(g))),
            _ => [new AnalyticsRow(null, null, null, null, null, Totals)],
        };
        return [.. rows];
    }

    private static Measures Sum(IEnumerable<AnalyticsSlice> group) => Measures.Sum(group.Select(s => s.Measures));
}
