using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Analytics;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Analytics;

public abstract class AnalyticsMeasuresTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private static DateOnly D1 => AnalyticsScene.ThreeDaysAgo;
    private static DateOnly D2 => AnalyticsScene.TwoDaysAgo;
    private static DateOnly Today => AnalyticsScene.Today;

    private async Task AggregatePastDaysAsync()
    {
        for (var day = D1; day < Today; day = day.AddDays(1)) await AnalyticsScene.AggregateAsync(app, day);
    }

    [Fact]
    public async Task The_measures_of_a_known_data_set_come_out_exactly_from_stored_days_and_today()
    {
        var scene = await AnalyticsScene.CreateAsync(app);
        await scene.SeedKnownSetAsync();
        await AggregatePastDaysAsync();

        var m = await scene.TotalsAsync(D1, Today);

        Assert.Equal((5, 4, 3), (m.Conversations, m.ConversationsEngaged, m.ConversationsAnswered));
        Assert.Equal((5, 4, 1), (m.VisitorMessages, m.AiReplies, m.HumanReplies));
        Assert.Equal((1, 3, 1), (m.Handoffs, m.Leads, m.QualifiedLeads));
        Assert.Equal((3, 2, 34_900L, 1), (m.ProposalsSent, m.ProposalsAccepted, m.ProposalRevenueCents, m.JobsCreated));
        Assert.Equal((0, 0L, 2, 34_900L), (m.Orders, m.OrderRevenueCents, m.Won, m.RevenueCents));
        Assert.Equal(5_000L, m.AiCostMillicredits);
        Assert.Equal(0.75, m.ResponseRate);
        Assert.Equal([1, 0, 1, 1, 0, 0, 0, 0], m.FirstResponse.Counts);
        Assert.Equal(TimeSpan.FromMinutes(1), m.FirstResponse.Percentile(50));
        Assert.Equal(TimeSpan.FromMinutes(5), m.FirstResponse.Percentile(90));

        var byDay = await scene.ForPeriodAsync(D1, Today, AnalyticsGroupBy.Day);
        Assert.Equal([(D1, 2), (D2, 2), (Today, 1)], byDay.Select(r => (r.Day!.Value, r.Measures.Conversations)));
        Assert.Equal([3, 1, 1], byDay.Select(r => r.Measures.VisitorMessages));

        var byCampaign = (await scene.ForPeriodAsync(D1, Today, AnalyticsGroupBy.Campaign)).ToDictionary(r => r.CampaignId ?? Guid.Empty);
        Assert.Equal((3, 2, 2, 34_900L), (byCampaign[scene.Websites].Measures.Conversations, byCampaign[scene.Websites].Measures.Leads,
            byCampaign[scene.Websites].Measures.Won, byCampaign[scene.Websites].Measures.RevenueCents));
        Assert.Equal((1, 1, 0), (byCampaign[scene.Scraper].Measures.Conversations, byCampaign[scene.Scraper].Measures.Leads, byCampaign[scene.Scraper].Measures.Won));
        Assert.Equal(1, byCampaign[Guid.Empty].Measures.Conversations);

        var byChannel = await scene.ForPeriodAsync(D1, Today, AnalyticsGroupBy.Channel);
        Assert.Equal([(ConversationChannel.Widget, 4), (ConversationChannel.WhatsApp, 1)], byChannel.Select(r => (r.Channel!.Value, r.Measures.Conversations)));
        Assert.Equal(1, byChannel.Single(r => r.Channel == ConversationChannel.WhatsApp).Measures.Handoffs);

        var hours = await scene.ForPeriodAsync(D1, Today, AnalyticsGroupBy.HourOfWeek);
        Assert.Equal(3, hours.Single(r => r.Weekday == D1.DayOfWeek && r.Hour == 10).Measures.VisitorMessages);
        Assert.Equal(1, hours.Single(r => r.Weekday == D2.DayOfWeek && r.Hour == 15).Measures.VisitorMessages);
        Assert.Equal(5, hours.Sum(r => r.Measures.VisitorMessages));

        var oneCampaign = (await scene.ForPeriodAsync(D1, Today, AnalyticsGroupBy.None, scene.Scraper)).Single().Measures;
        Assert.Equal((1, 1, 1), (oneCampaign.Conversations, oneCampaign.VisitorMessages, oneCampaign.Leads));
    }

    [Fact]
    public async Task Running_a_day_again_writes_the_same_rows_and_counts_late_data()
    {
        var scene = await AnalyticsScene.CreateAsync(app);
        await scene.SeedKnownSetAsync();
        await AggregatePastDaysAsync();
        var before = await scene.TotalsAsync(D1, D2);
        var rows = await StoredRowsAsync(scene.WorkspaceId);

        await AnalyticsScene.AggregateAsync(app, D1);
        await AnalyticsScene.AggregateAsync(app, D1);

        Assert.Equal(before, await scene.TotalsAsync(D1, D2));
        Assert.Equal(rows, await StoredRowsAsync(scene.WorkspaceId));

        // A visitor of three days ago leaves an e-mail today: the stored day says 1 lead until it is counted again.
        var late = await scene.AddAsync(AnalyticsScene.At(D1, 18), scene.Scraper, ConversationChannel.Telegram);
        await scene.SetEmailAsync(late, "late@lead.test");
        Assert.Equal(2, (await scene.TotalsAsync(D1, D1)).Conversations);
        await AnalyticsScene.AggregateAsync(app, D1);
        var corrected = await scene.TotalsAsync(D1, D1);
        Assert.Equal((3, 2), (corrected.Conversations, corrected.Leads));
    }

    [Fact]
    public async Task Todays_live_numbers_are_what_storing_today_would_write()
    {
        var scene = await AnalyticsScene.CreateAsync(app);
        await scene.SeedKnownSetAsync();
        var live = await scene.InWorkspaceAsync(sp => sp.GetRequiredService<DailyStatsCalculator>().ForCurrentWorkspaceAsync(Today, CancellationToken.None));

        await AnalyticsScene.AggregateAsync(app, Today);

        await using var db = app.Database.NewContext();
        var stored = await db.DailyStats.IgnoreQueryFilters().AsNoTracking().Where(s => s.WorkspaceId == scene.WorkspaceId && s.Day == Today).ToListAsync();
        Assert.NotEmpty(stored);
        Assert.Equal(Key(live), Key(stored));
        Assert.Equal(Measures.Sum(live.Select(s => s.Measures)), Measures.Sum(stored.Select(s => s.Measures)));
        Assert.Equal(1, Measures.Sum(stored.Select(s => s.Measures)).ProposalsAccepted);
        await db.DailyStats.IgnoreQueryFilters().Where(s => s.Day == Today).ExecuteDeleteAsync();

        static List<string> Key(IEnumerable<DailyStat> rows) =>
            [.. rows.Select(r => $"{r.Hour} {r.CampaignId} {r.Channel} {r.Measures}").Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Another_workspaces_conversations_are_never_counted()
    {
        var mine = await AnalyticsScene.CreateAsync(app, "Mine");
        var theirs = await AnalyticsScene.CreateAsync(app, "Theirs");
        await mine.SeedKnownSetAsync();
        await theirs.SeedKnownSetAsync();
        await theirs.AddAsync(AnalyticsScene.At(D1, 11), theirs.Websites, ConversationChannel.Widget, email: "x@their.test");
        await theirs.AddAsync(AnalyticsScene.At(Today, 0, 0, 3), theirs.Websites, ConversationChannel.Widget, email: "y@their.test");
        await AggregatePastDaysAsync();

        Assert.Equal((5, 3), ((await mine.TotalsAsync(D1, Today)).Conversations, (await mine.TotalsAsync(D1, Today)).Leads));
        Assert.Equal(7, (await theirs.TotalsAsync(D1, Today)).Conversations);
        // Asking for the other workspace's campaign from mine finds nothing of it.
        Assert.Equal(0, (await mine.ForPeriodAsync(D1, Today, AnalyticsGroupBy.None, theirs.Websites)).Single().Measures.Conversations);
        var outside = await app.WithScopeAsync(sp => sp.GetRequiredService<AnalyticsQuery>().TotalsAsync(D1, Today));
        Assert.Equal(Measures.Zero, outside);
    }

    private async Task<List<string>> StoredRowsAsync(Guid workspaceId)
    {
        await using var db = app.Database.NewContext();
        var rows = await db.DailyStats.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync();
        return [.. rows.Select(r => $"{r.Day} {r.Hour} {r.CampaignId} {r.Channel} {r.Measures}").Order(StringComparer.Ordinal)];
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class AnalyticsMeasuresTestsOnSqlite(SqliteApp app) : AnalyticsMeasuresTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class AnalyticsMeasuresTestsOnPostgres(PostgresApp app) : AnalyticsMeasuresTests<PostgresApp>(app);
