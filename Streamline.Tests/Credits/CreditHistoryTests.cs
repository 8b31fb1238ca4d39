using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Email;
using Streamline.Core.Exports;
using Streamline.Tests.Support;
using Streamline.Web.Pages.Credits.History;

namespace Streamline.Tests.Credits;

public abstract class CreditHistoryTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private const long Credit = 1_000;
    private static readonly DateTimeOffset Day1 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    // The app's expiry sweep runs on the real clock: a hold made at Day1 with a short expiry is already expired to it,
    // and the sweep could release it before the test captures it.
    private static readonly TimeSpan HoldsOutliveTheRealClock = TimeSpan.FromDays(3650);

    [Fact]
    public async Task History_lists_the_workspaces_entries_newest_first_with_labels_signed_amounts_and_balances()
    {
        var (client, workspace) = await CustomerAsync();
        var clock = new ManualClock(Day1);
        await LedgerAsync(workspace, clock, c => c.GrantAsync(workspace, 100 * Credit, LedgerEntryType.Purchase, "Pack of 100", Key(), null, null));
        clock.Advance(TimeSpan.FromMinutes(1));
        await LedgerAsync(workspace, clock, c => c.SpendAsync(workspace, 2_500, LedgerEntryType.Consumption, "Scrape 40 pages", Key(), null, null));
        clock.Advance(TimeSpan.FromMinutes(1));
        await LedgerAsync(workspace, clock, c => c.SpendAsync(workspace, Credit, LedgerEntryType.AdminRemoval, "Correction", Key(), null, null));

        var page = await client.GetDocumentAsync("/credits/history");

        var rows = Rows(page);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["2026-01-01 10:02 UTC", "Removed by support", "Correction", "-1", "96.5", "Dispute"], rows[0]);
        Assert.Equal(["2026-01-01 10:01 UTC", "Usage", "Scrape 40 pages", "-2.5", "97.5", "Dispute"], rows[1]);
        // A credit cannot be disputed: no action on its row.
        Assert.Equal(["2026-01-01 10:00 UTC", "Purchase", "Pack of 100", "+100", "100", ""], rows[2]);
        Assert.Contains("3 entries · page 1 of 1", page.QuerySelector("#history-summary")!.TextContent);
    }

    [Fact]
    public async Task Each_ai_run_is_one_line_with_what_it_cost_and_its_hold_and_return_stay_in_the_export()
    {
        var (client, workspace) = await CustomerAsync();
        var clock = new ManualClock(Day1);
        await LedgerAsync(workspace, clock, c => c.GrantAsync(workspace, 100 * Credit, LedgerEntryType.Purchase, "Pack of 100", Key(), null, null));
        clock.Advance(TimeSpan.FromMinutes(1));
        var charged = await HoldAsync(workspace, clock, 24);
        clock.Advance(TimeSpan.FromSeconds(2));
        await CloseAsync(clock, c => c.CaptureAsync(charged, 6, Key()));
        clock.Advance(TimeSpan.FromMinutes(1));
        var failed = await HoldAsync(workspace, clock, 24);
        clock.Advance(TimeSpan.FromSeconds(1));
        await CloseAsync(clock, c => c.ReleaseAsync(failed, Key()));
        clock.Advance(TimeSpan.FromMinutes(1));
        var running = await HoldAsync(workspace, clock, 24);

        var page = await client.GetDocumentAsync("/credits/history");

        var rows = Rows(page);
        Assert.Equal(["2026-01-01 10:03 UTC", "Reserved for a run", "AI reply (in progress)", "-0.024", "99.97", ""], rows[0]);
        // The run that failed cost nothing and has no line; the one that answered cost 6 of the 24 millicredits it held.
        Assert.Equal(["2026-01-01 10:01 UTC", "Usage", "AI reply", "-0.006", "99.994", "Dispute"], rows[1]);
        Assert.Equal(["2026-01-01 10:00 UTC", "Purchase", "Pack of 100", "+100", "100", ""], rows[2]);
        Assert.Equal(3, rows.Count);
        Assert.Contains("3 entries", page.QuerySelector("#history-summary")!.TextContent);
        Assert.DoesNotContain("Reservation returned", page.QuerySelector("#history-rows")!.TextContent);
        Assert.DoesNotContain("Reservation returned", page.QuerySelector("#history-type")!.TextContent);
        var dispute = page.QuerySelectorAll("#history-rows tr")[1].QuerySelector("a")!.GetAttribute("href")!;
        Assert.Equal($"/credits/disputes/new?entry={await HoldEntryAsync(charged)}", dispute);

        // The dispute is about what the run cost, not the whole hold.
        var form = await client.GetDocumentAsync(dispute);
        Assert.Equal("-0.006 credits", form.QuerySelector("#disputed-entry dd:last-child")!.TextContent.Trim());
        Assert.Contains("At most the 0.006 credits this charge took.", form.QuerySelector("#requested-help")!.TextContent);
        var tooMuch = await AppClient.ParseAsync(await client.PostFormAsync(dispute, new Dictionary<string, string>
        {
            ["Input.Reason"] = "ServiceNotDelivered", ["Input.Description"] = "Wrong answer", ["Input.RequestedCredits"] = "0.024",
        }));
        Assert.Equal("Request more than 0 and at most the 0.006 credits this entry charged.", tooMuch.QuerySelector("#requested-error")!.TextContent.Trim());
        var inProgress = await client.GetDocumentAsync($"/credits/disputes/new?entry={await HoldEntryAsync(running)}");
        Assert.Contains("still in progress", inProgress.QuerySelector("main")!.TextContent);
        Assert.Null(inProgress.QuerySelector("#requested-help"));

        var csv = (await client.Http.GetStringAsync("/credits/history/Csv")).Split("\r\n")[1..^1].Select(l => l[..^37]).ToList();
        Assert.Equal([
            "2026-01-01T10:03:03Z,Reserved for a run,AI reply,-0.024,99.970",
            "2026-01-01T10:02:03Z,Reservation returned,Reservation released,0.024,99.994",
            "2026-01-01T10:02:02Z,Reserved for a run,AI reply,-0.024,99.970",
            "2026-01-01T10:01:02Z,Reservation returned,Unused part of reservation (6 of 24 captured),0.018,99.994",
            "2026-01-01T10:01:00Z,Reserved for a run,AI reply,-0.024,99.976",
            "2026-01-01T10:00:00Z,Purchase,Pack of 100,100.000,100.000",
        ], csv);
    }

    [Fact]
    public async Task Filters_by_group_by_single_type_and_by_a_date_range_that_includes_both_whole_days()
    {
        var (client, workspace) = await CustomerAsync();
        var clock = new ManualClock(Day1);
        await LedgerAsync(workspace, clock, c => c.GrantAsync(workspace, 50 * Credit, LedgerEntryType.Purchase, "day 1 purchase", Key(), null, null));
        clock.Set(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        await LedgerAsync(workspace, clock, c => c.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "day 2 first instant", Key(), null, null));
        clock.Set(new DateTimeOffset(2026, 1, 2, 23, 59, 59, 999, TimeSpan.Zero));
        await LedgerAsync(workspace, clock, c => c.GrantAsync(workspace, Credit, LedgerEntryType.Refund, "day 2 last moment", Key(), null, null));
        clock.Set(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero));
        await LedgerAsync(workspace, clock, c => c.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "day 3 first instant", Key(), null, null));
        clock.Advance(TimeSpan.FromSeconds(1));
        await LedgerAsync(workspace, clock, c => c.GrantAsync(workspace, Credit, LedgerEntryType.DisputeCredit, "day 3 dispute refund", Key(), null, null));

        Assert.Equal(["day 2 last moment", "day 2 first instant"], await DescriptionsAsync(client, "/credits/history?from=2026-01-02&to=2026-01-02"));
        Assert.Equal(["day 3 dispute refund", "day 3 first instant", "day 2 last moment", "day 2 first instant"],
            await DescriptionsAsync(client, "/credits/history?from=2026-01-02"));
        Assert.Equal(["day 2 last moment", "day 2 first instant", "day 1 purchase"], await DescriptionsAsync(client, "/credits/history?to=2026-01-02"));
        Assert.Equal(["day 3 first instant", "day 2 first instant"], await DescriptionsAsync(client, "/credits/history?type=usage"));
        Assert.Equal(["day 3 dispute refund", "day 2 last moment"], await DescriptionsAsync(client, "/credits/history?type=refunds"));
        Assert.Equal(["day 3 dispute refund"], await DescriptionsAsync(client, "/credits/history?type=DisputeCredit&from=2026-01-03&to=2026-01-03"));
        Assert.Equal(["day 1 purchase"], await DescriptionsAsync(client, "/credits/history?type=purchases"));

        // The form shows the filters it applied.
        var filtered = await client.GetDocumentAsync("/credits/history?type=usage&from=2026-01-02");
        Assert.Equal("usage", ((IHtmlSelectElement)filtered.QuerySelector("#history-type")!).Value);
        Assert.Equal("2026-01-02", ((IHtmlInputElement)filtered.QuerySelector("#history-from")!).Value);
        Assert.Contains("/credits/history/Csv?type=usage&from=2026-01-02", filtered.QuerySelector("a[download]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task An_end_before_the_start_or_an_unknown_type_is_explained_and_nothing_is_listed_or_exported()
    {
        var (client, workspace) = await CustomerAsync();
        await LedgerAsync(workspace, new ManualClock(Day1), c => c.GrantAsync(workspace, Credit, LedgerEntryType.Purchase, "bought", Key(), null, null));

        var reversed = await client.GetDocumentAsync("/credits/history?from=2026-01-05&to=2026-01-04");
        var unknown = await client.GetDocumentAsync("/credits/history?type=Gift");

        Assert.Equal("The end date must be on or after the start date.", reversed.QuerySelector("#history-to-error")!.TextContent);
        Assert.Contains("is-invalid", reversed.QuerySelector("#history-to")!.ClassName);
        Assert.Equal("Choose a type from the list.", unknown.QuerySelector("#history-type-error")!.TextContent);
        foreach (var page in new[] { reversed, unknown })
        {
            Assert.Null(page.QuerySelector("#history-rows"));
            Assert.Null(page.QuerySelector("a[download]"));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/credits/history/Csv?from=2026-01-05&to=2026-01-04")).StatusCode);
    }

    [Fact]
    public async Task Pages_of_25_show_every_entry_exactly_once_even_when_all_share_one_timestamp()
    {
        var (client, workspace) = await CustomerAsync();
        var clock = new ManualClock(Day1);
        await LedgerAsync(workspace, clock, c => c.GrantAsync(workspace, 100 * Credit, LedgerEntryType.Purchase, "start", Key(), null, null));
        for (var i = 0; i < 60; i++)
            await LedgerAsync(workspace, clock, c => c.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, $"same instant {i}", Key(), null, null));

        var pages = new List<List<string>>();
        for (var n = 1; n <= 3; n++)
        {
            var page = await client.GetDocumentAsync($"/credits/history?p={n}");
            pages.Add(page.QuerySelectorAll("#history-rows tr").Select(r => r.Id!).ToList());
            Assert.Contains($"61 entries · page {n} of 3", page.QuerySelector("#history-summary")!.TextContent);
        }

        Assert.Equal([25, 25, 11], pages.Select(p => p.Count));
        Assert.Equal(61, pages.SelectMany(p => p).Distinct().Count());
        // Asking again gives the same order: the id breaks the timestamps' tie the same way every time.
        var again = await client.GetDocumentAsync("/credits/history?p=2");
        Assert.Equal(pages[1], again.QuerySelectorAll("#history-rows tr").Select(r => r.Id!).ToList());
        var pastTheEnd = await client.GetDocumentAsync("/credits/history?p=99");
        Assert.Equal(pages[2], pastTheEnd.QuerySelectorAll("#history-rows tr").Select(r => r.Id!).ToList());

        var firstPage = await client.GetDocumentAsync("/credits/history");
        Assert.Equal("/credits/history?p=2", firstPage.QuerySelector("a[rel=next]")!.GetAttribute("hx-get"));
        Assert.Equal("/credits/history?p=2", firstPage.QuerySelector("a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task An_htmx_request_gets_only_the_swapped_region_and_both_answers_vary_on_it()
    {
        var (client, workspace) = await CustomerAsync();
        await LedgerAsync(workspace, new ManualClock(Day1), c => c.GrantAsync(workspace, Credit, LedgerEntryType.Purchase, "bought", Key(), null, null));

        var request = new HttpRequestMessage(HttpMethod.Get, "/credits/history?type=purchases");
        request.Headers.Add("HX-Request", "true");
        var fragment = await client.Http.SendAsync(request);
        var full = await client.Http.GetAsync("/credits/history?type=purchases");

        var html = await fragment.Content.ReadAsStringAsync();
        Assert.StartsWith("<div id=\"history\">", html.TrimStart());
        Assert.DoesNotContain("<html", html);
        Assert.Contains("bought", html);
        Assert.Contains("<html", await full.Content.ReadAsStringAsync());
        Assert.Contains("HX-Request", fragment.Headers.Vary);
        Assert.Contains("HX-Request", full.Headers.Vary);

        // The form itself names the region and keeps the URL in step without JavaScript's help being required.
        var form = (await client.GetDocumentAsync("/credits/history")).QuerySelector("form[role=search]")!;
        Assert.Equal(("get", "/credits/history", "/credits/history", "#history", "true"),
            (form.GetAttribute("method"), form.GetAttribute("action"), form.GetAttribute("hx-get"), form.GetAttribute("hx-target"), form.GetAttribute("hx-push-url")));
    }

    [Fact]
    public async Task The_csv_export_streams_every_matching_entry_escaped_and_guarded_against_formulas()
    {
        var (client, workspace) = await CustomerAsync();
        var clock = new ManualClock(Day1);
        await LedgerAsync(workspace, clock, c => c.GrantAsync(workspace, 100 * Credit, LedgerEntryType.Purchase, "Pack, \"large\"", Key(), null, null));
        string[] nasty = ["=HYPERLINK(\"http://evil.test\")", "+1+1", "-2+3", "@SUM(A1)", "two\nlines", "plain"];
        foreach (var description in nasty)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await LedgerAsync(workspace, clock, c => c.SpendAsync(workspace, 1_250, LedgerEntryType.Consumption, description, Key(), null, null));
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await LedgerAsync(workspace, clock, c => c.SpendAsync(workspace, 1, LedgerEntryType.Consumption, "tiny", Key(), null, null));
        }

        var response = await client.Http.GetAsync("/credits/history/Csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"credits-history-{DateTime.UtcNow:yyyyMMdd}.csv", response.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition.DispositionType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n");
        Assert.Equal("Date (UTC),Type,Description,Amount (credits),Balance after (credits),Entry ID", lines[0]);
        Assert.Equal("", lines[^1]); // every line ends with CRLF
        Assert.Equal(1 + 1 + nasty.Length + 30, lines.Length - 1); // header + all rows, more than one page
        string Row(string description) => lines.Single(l => l.Contains(description, StringComparison.Ordinal))[..^36]; // without the id
        Assert.Equal("2026-01-01T10:00:00Z,Purchase,\"Pack, \"\"large\"\"\",100.000,100.000,", Row("Pack"));
        Assert.Equal("2026-01-01T10:00:01Z,Usage,\"'=HYPERLINK(\"\"http://evil.test\"\")\",-1.250,98.750,", Row("HYPERLINK"));
        Assert.Equal("2026-01-01T10:00:02Z,Usage,'+1+1,-1.250,97.500,", Row("+1+1"));
        Assert.Equal("2026-01-01T10:00:03Z,Usage,'-2+3,-1.250,96.250,", Row("-2+3"));
        Assert.Equal("2026-01-01T10:00:04Z,Usage,'@SUM(A1),-1.250,95.000,", Row("@SUM"));
        Assert.Contains("2026-01-01T10:00:05Z,Usage,\"two\nlines\",-1.250,93.750,", csv);
        Assert.Equal("2026-01-01T10:00:06Z,Usage,plain,-1.250,92.500,", Row("plain"));
        Assert.Equal("2026-01-01T10:00:07Z,Usage,tiny,-0.001,92.470,", lines[1][..^36]); // newest first

        var usageOnly = await client.Http.GetStringAsync("/credits/history/Csv?type=usage&from=2026-01-01&to=2026-01-01");
        Assert.Equal(nasty.Length + 30, usageOnly.Split("\r\n").Length - 2); // less the header and the empty end
        Assert.DoesNotContain("Purchase", usageOnly);
    }

    [Fact]
    public async Task Another_workspaces_entries_never_appear_in_the_history_or_its_export()
    {
        var (owner, workspace) = await CustomerAsync();
        var (stranger, strangerWorkspace) = await CustomerAsync();
        await LedgerAsync(workspace, new ManualClock(Day1), c => c.GrantAsync(workspace, Credit, LedgerEntryType.Purchase, "secret purchase", Key(), null, null));
        await LedgerAsync(strangerWorkspace, new ManualClock(Day1), c => c.GrantAsync(strangerWorkspace, Credit, LedgerEntryType.Purchase, "own purchase", Key(), null, null));

        Assert.Equal(["secret purchase"], await DescriptionsAsync(owner, "/credits/history"));
        Assert.Equal(["own purchase"], await DescriptionsAsync(stranger, "/credits/history"));
        var csv = await stranger.Http.GetStringAsync("/credits/history/Csv");
        Assert.DoesNotContain("secret purchase", csv);
        Assert.Contains("own purchase", csv);
        var fragment = new HttpRequestMessage(HttpMethod.Get, "/credits/history");
        fragment.Headers.Add("HX-Request", "true");
        Assert.DoesNotContain("secret purchase", await (await stranger.Http.SendAsync(fragment)).Content.ReadAsStringAsync());
    }

    private async Task<(AppClient Client, Guid Workspace)> CustomerAsync()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await using var db = app.Database.NewContext();
        var workspace = await db.Users.Where(u => u.Email == email)
            .Join(db.WorkspaceMembers, u => u.Id, m => m.UserId, (_, m) => m.WorkspaceId).SingleAsync();
        return (client, workspace);
    }

    /// <summary>Writes through the credit service itself, at the clock's time, on a context of its own.</summary>
    private async Task LedgerAsync(Guid workspace, TimeProvider clock, Func<CreditService, Task<CreditResult>> call)
    {
        await using var db = app.Database.NewContext();
        var result = await call(new CreditService(db, clock, new EmailOutbox(db, new EmailTemplates(), clock)));
        Assert.True(result.Succeeded, $"arranging {workspace} failed");
    }

    private async Task<Guid> HoldAsync(Guid workspace, TimeProvider clock, long millicredits)
    {
        await using var db = app.Database.NewContext();
        var held = await new CreditService(db, clock, new EmailOutbox(db, new EmailTemplates(), clock))
            .ReserveAsync(workspace, millicredits, "AI reply", HoldsOutliveTheRealClock, Key(), null);
        Assert.True(held.Succeeded);
        return held.ReservationId!.Value;
    }

    private async Task CloseAsync(TimeProvider clock, Func<CreditService, Task<ReservationResult>> call)
    {
        await using var db = app.Database.NewContext();
        Assert.True((await call(new CreditService(db, clock, new EmailOutbox(db, new EmailTemplates(), clock)))).Succeeded);
    }

    private async Task<Guid> HoldEntryAsync(Guid reservation)
    {
        await using var db = app.Database.NewContext();
        var related = $"reservation:{reservation}";
        return await db.LedgerEntries.IgnoreQueryFilters()
            .Where(e => e.RelatedObject == related && e.Type == LedgerEntryType.ReservationHold).Select(e => e.Id).SingleAsync();
    }

    private static List<string[]> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("#history-rows tr")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

    private static async Task<List<string>> DescriptionsAsync(AppClient client, string url) =>
        Rows(await client.GetDocumentAsync(url)).Select(r => r[2]).ToList();

    private static string Key() => $"test:{Guid.NewGuid():N}";
}

[Collection(SharedApps.Sqlite2)]
public sealed class CreditHistoryTestsOnSqlite(SqliteApp app) : CreditHistoryTests<SqliteApp>(app);

[Collection(SharedApps.Postgres1)]
public sealed class CreditHistoryTestsOnPostgres(PostgresApp app) : CreditHistoryTests<PostgresApp>(app);

public sealed class HistoryFilterRulesTests
{
    [Fact]
    public void The_type_groups_split_the_entry_types_without_overlap_or_gap()
    {
        var grouped = LedgerTypeFilter.Groups.SelectMany(g => g.Types).ToList();
        Assert.Equal(grouped.Count, grouped.Distinct().Count());
        Assert.Equal(Enum.GetValues<LedgerEntryType>().Order(), grouped.Order());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@A1", "'@A1")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("=a,b", "\"'=a,b\"")]
    [InlineData("", "")]
    public void A_text_cell_is_quoted_when_needed_and_never_starts_a_formula(string value, string cell) =>
        Assert.Equal(cell, Csv.Text(value));
}
