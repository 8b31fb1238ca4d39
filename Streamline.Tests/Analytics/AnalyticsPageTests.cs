using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Tests.Campaigns;
using Streamline.Tests.Support;

namespace Streamline.Tests.Analytics;

public abstract class AnalyticsPageTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private async Task<(CampaignScene Owner, AnalyticsScene Data)> SeededAsync()
    {
        var owner = await CampaignScene.StartAsync(app);
        var data = await AnalyticsScene.OnAsync(app, owner.WorkspaceId);
        await data.SeedKnownSetAsync();
        for (var day = AnalyticsScene.ThreeDaysAgo; day < AnalyticsScene.Today; day = day.AddDays(1)) await AnalyticsScene.AggregateAsync(app, day);
        return (owner, data);
    }

    [Fact]
    public async Task The_page_shows_the_periods_numbers_tables_funnel_and_heatmap()
    {
        var (owner, data) = await SeededAsync();
        using var _ = owner;

        var page = await owner.Client.GetDocumentAsync("/analytics?days=7");

        Assert.Equal("5", page.QuerySelector("[data-figure=conversations]")!.TextContent);
        Assert.Equal("3", page.QuerySelector("[data-figure=leads]")!.TextContent);
        Assert.Equal("2", page.QuerySelector("[data-figure=won]")!.TextContent);
        Assert.Equal("$349.00", page.QuerySelector("[data-figure=revenue]")!.TextContent);
        Assert.Equal("75%", page.QuerySelector("[data-figure=response-rate]")!.TextContent);
        Assert.Equal("≤ 1 min", page.QuerySelector("[data-figure=first-response-p50]")!.TextContent);
        Assert.Equal("true", page.QuerySelector("a[data-days='7']")!.GetAttribute("aria-current"));
        Assert.Contains("Websites", page.QuerySelector($"#by-campaign tr[data-campaign='{data.Websites}']")!.TextContent);
        Assert.Equal(["5", "3", "1", "3", "2"], page.QuerySelectorAll("#funnel [data-count]").Select(e => e.TextContent));
        Assert.NotNull(page.QuerySelector("#by-channel tr[data-channel=WhatsApp]"));
        var weekday = AnalyticsScene.ThreeDaysAgo.DayOfWeek.ToString()[..3];
        Assert.Equal("3", page.QuerySelector($"#heatmap td[data-day={weekday}][data-hour='10']")!.TextContent);
        Assert.NotNull(page.QuerySelector("canvas[data-chart-name=trend]"));
        Assert.Null(page.QuerySelector(".empty-state"));
    }

    [Fact]
    public async Task The_dashboard_shows_the_sales_of_the_last_30_days_from_the_same_measures()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;

        var dashboard = await owner.Client.GetDocumentAsync("/app");

        Assert.Equal(["5", "3", "2", "$349.00"], dashboard.QuerySelectorAll("#sales [data-sales]").Select(e => e.TextContent));
        Assert.Contains("up from $0.00", dashboard.QuerySelector("[data-sales=revenue] + .stat-delta")!.TextContent);
    }

    [Fact]
    public async Task The_period_picker_swaps_the_report_and_custom_dates_compare_with_the_days_before()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;
        var from = AnalyticsScene.TwoDaysAgo;
        var to = AnalyticsScene.Today.AddDays(-1);

        var response = await owner.Client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/analytics?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}")
        {
            Headers = { { "HX-Request", "true" } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        var fragment = await AppClient.ParseAsync(response);
        Assert.Null(fragment.QuerySelector("nav"));
        Assert.Equal("2", fragment.QuerySelector("#analytics-report [data-figure=conversations]")!.TextContent);
        // The two days before are three and four days ago: the two conversations of three days ago.
        Assert.Equal("2", fragment.QuerySelector("[data-figure=conversations] + .stat-delta")!.GetAttribute("data-previous"));
        Assert.Null(fragment.QuerySelector("a[data-days][aria-current=true]"));
    }

    [Fact]
    public async Task Every_table_exports_as_csv()
    {
        var (owner, data) = await SeededAsync();
        using var _ = owner;

        var days = await owner.Client.Http.GetStringAsync("/analytics?handler=csv&table=days&days=7");
        var lines = days.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Day (UTC),Conversations,", lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith($"{AnalyticsScene.ThreeDaysAgo:yyyy-MM-dd},2,3,", lines.Single(l => l.StartsWith($"{AnalyticsScene.ThreeDaysAgo:yyyy-MM-dd}", StringComparison.Ordinal)));

        var campaigns = await owner.Client.Http.GetStringAsync("/analytics?handler=csv&table=campaigns&days=7");
        Assert.Contains("Websites,3,", campaigns);
        var scraperOnly = await owner.Client.Http.GetStringAsync($"/analytics?handler=csv&table=campaigns&days=7&campaign={data.Scraper}");
        Assert.Contains("Scraper,1,1,", scraperOnly);
        Assert.DoesNotContain("Websites", scraperOnly);
        foreach (var table in new[] { "channels", "hours", "funnel" })
        {
            var response = await owner.Client.Http.GetAsync($"/analytics?handler=csv&table={table}&days=30");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        }
        Assert.Contains("Won,2", await owner.Client.Http.GetStringAsync("/analytics?handler=csv&table=funnel&days=7"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.Http.GetAsync("/analytics?handler=csv&table=secrets")).StatusCode);
    }

    [Fact]
    public async Task Another_workspaces_numbers_and_campaigns_are_out_of_reach()
    {
        var (owner, data) = await SeededAsync();
        using var _ = owner;
        using var stranger = await CampaignScene.StartAsync(app);

        var page = await stranger.Client.GetDocumentAsync("/analytics?days=7");

        Assert.Equal("0", page.QuerySelector("[data-figure=conversations]")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.Http.GetAsync($"/analytics?campaign={data.Websites}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.Http.GetAsync($"/analytics?handler=csv&table=days&campaign={data.Websites}")).StatusCode);
        var campaignPage = await owner.Client.GetDocumentAsync($"/analytics?days=7&campaign={data.Scraper}");
        Assert.Equal("1", campaignPage.QuerySelector("[data-figure=conversations]")!.TextContent);
    }

    [Fact]
    public async Task Unreadable_or_impossible_dates_show_the_default_period_and_say_why()
    {
        using var owner = await CampaignScene.StartAsync(app);

        var bad = await owner.Client.GetDocumentAsync("/analytics?from=yesterday&to=2026-13-01");
        var reversed = await owner.Client.GetDocumentAsync($"/analytics?from={AnalyticsScene.Today:yyyy-MM-dd}&to={AnalyticsScene.TwoDaysAgo:yyyy-MM-dd}");
        var future = await owner.Client.GetDocumentAsync($"/analytics?from={AnalyticsScene.Today:yyyy-MM-dd}&to={AnalyticsScene.Today.AddDays(3):yyyy-MM-dd}");
        var odd = await owner.Client.GetDocumentAsync("/analytics?days=12");

        Assert.Contains("2026-12-31", bad.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("must not be after", reversed.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("future", future.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("7, 30, 90", odd.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal("true", odd.QuerySelector("a[data-days='30']")!.GetAttribute("aria-current"));
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class AnalyticsPageTestsOnSqlite(SqliteApp app) : AnalyticsPageTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class AnalyticsPageTestsOnPostgres(PostgresApp app) : AnalyticsPageTests<PostgresApp>(app);
