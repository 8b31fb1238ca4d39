using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Audit;
using Streamline.Core.Automation;
using Streamline.Core.Credits;
using Streamline.Tests.Jobs;
using Streamline.Tests.Support;

namespace Streamline.Tests.Automation;

public abstract partial class ServiceRunTests<TApp>(TApp app) : IClassFixture<TApp>, IAsyncLifetime where TApp : ServicesApp
{
    private ScrapedSite _site = null!;

    public async Task InitializeAsync() => _site = await ScrapedSite.StartAsync();
    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_customer_scrapes_pages_and_downloads_the_results_charged_only_for_the_pages_read()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(10_000);
        using var _ = customer;

        var started = await customer.PostFormAsync("/services/ai-scraper", new Dictionary<string, string>
        {
            ["Input[urls]"] = $"{_site.Url}/products\n{_site.Url}/private/page\n{_site.Url}/to-loopback",
            ["Input[extract]"] = "CSS selectors",
            ["Input[selectors]"] = "title: h1.title\nprice: .price",
        });
        var run = await FinishedAsync(RunIdOf(started));

        Assert.Equal(ServiceRunStatus.Succeeded, run.Status);
        Assert.Equal(1_500, run.HeldMillicredits); // three pages at 0.5 credits, held up front
        Assert.Equal(1, run.UnitsUsed);
        Assert.Equal(500, run.CostMillicredits);
        Assert.StartsWith("1 page read, 1 row; 2 skipped", run.Summary);
        Assert.Equal(9_500, await BalanceAsync(workspace));

        var page = await customer.GetDocumentAsync($"/services/runs/{run.Id}");
        Assert.Equal("Succeeded", page.QuerySelector("#run")!.GetAttribute("data-status"));
        Assert.Null(page.QuerySelector("#run")!.GetAttribute("hx-trigger"));
        Assert.Equal("0.5 credits", page.QuerySelector("[data-cost]")!.TextContent.Trim());
        var csvLink = page.QuerySelector("#run-files a[href*='results.csv']")!.GetAttribute("href")!;
        var csv = await customer.Http.GetAsync(csvLink);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"url,title,price\r\n{_site.Url}/products,Blue Kettle,$29.90 | $24.90\r\n", await csv.Content.ReadAsStringAsync());
        var json = JsonDocument.Parse(await customer.Http.GetStringAsync($"/services/runs/{run.Id}?handler=File&name=results.json")).RootElement;
        Assert.Equal("Blue Kettle", json.GetProperty("rows")[0].GetProperty("title").GetString());
        var reasons = json.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("reason").GetString()!).ToList();
        Assert.Contains(reasons, r => r.Contains("robots.txt"));
        Assert.Contains(reasons, r => r.Contains("127.0.0.1 is not a public address"));

        var list = await customer.GetDocumentAsync("/services");
        Assert.Equal("0.5 credits per page", list.QuerySelector("[data-service='ai-scraper'] [data-price]")!.TextContent);
        Assert.NotNull(list.QuerySelector($"#runs tr[data-run='{run.Id}']"));

        // Another workspace finds neither the run, its files nor its cancel button.
        var (stranger, _) = await AppClient.SignedInUserAsync(app);
        using (stranger)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/services/runs/{run.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(csvLink)).StatusCode);
            var cancel = new HttpRequestMessage(HttpMethod.Post, $"/services/runs/{run.Id}?handler=Cancel");
            cancel.Headers.Add("RequestVerificationToken", await stranger.AntiforgeryTokenAsync("/services"));
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.SendAsync(cancel)).StatusCode);
            Assert.Null((await stranger.GetDocumentAsync("/services")).QuerySelector($"tr[data-run='{run.Id}']"));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync($"/services/runs/{run.Id}?handler=File&name=..%2F..%2Fsecret.csv")).StatusCode);
    }

    [Fact]
    public async Task Without_an_AI_model_fields_described_in_words_are_read_by_name_from_the_pages_structured_data_at_the_page_price()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(10_000);
        using var _ = customer;

        var form = await customer.GetDocumentAsync("/services/ai-scraper");
        Assert.Contains("Without an AI model", form.QuerySelector("#field-described-help")!.TextContent);
        var started = await customer.PostFormAsync("/services/ai-scraper", new Dictionary<string, string>
        {
            ["Input[urls]"] = $"{_site.Url}/products",
            ["Input[extract]"] = Streamline.Core.Automation.Scraper.AiScraper.DescribedChoice,
            ["Input[described]"] = "name: the product's name\nsku: its stock code\ncolour: the colour",
        });
        var run = await FinishedAsync(RunIdOf(started));

        Assert.Equal(ServiceRunStatus.Succeeded, run.Status);
        Assert.Equal(500, run.HeldMillicredits);
        Assert.Equal(0, run.ModelAllowanceMillicredits);
        Assert.Equal(500, run.CostMillicredits);
        Assert.Equal(0, run.ModelCostMillicredits);
        Assert.Equal(9_500, await BalanceAsync(workspace));
        var csv = await customer.Http.GetStringAsync($"/services/runs/{run.Id}?handler=File&name=results.csv");
        Assert.Equal($"url,name,sku,colour\r\n{_site.Url}/products,Blue Kettle,K-1,\r\n", csv);
    }

    [Fact]
    public async Task A_run_that_reads_no_page_fails_and_returns_its_hold()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(5_000);
        using var _ = customer;
        var started = await customer.PostFormAsync("/services/ai-scraper", new Dictionary<string, string>
        {
            ["Input[urls]"] = $"{_site.Url}/to-private\n{_site.Url}/huge",
            ["Input[extract]"] = "Tables",
        });
        var run = await FinishedAsync(RunIdOf(started));

        Assert.Equal(ServiceRunStatus.Failed, run.Status);
        Assert.Contains("10.20.30.40 is not a public address", run.Error);
        Assert.Equal(0, run.CostMillicredits);
        Assert.Equal(5_000, await BalanceAsync(workspace));
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync($"/services/runs/{run.Id}?handler=File&name=results.csv")).StatusCode);
    }

    [Fact]
    public async Task A_hold_that_lapses_mid_run_is_released_once_and_nothing_is_charged_even_if_the_job_runs_again()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(3_000);
        using var _ = customer;
        var run = await FinishedAsync(RunIdOf(await customer.PostFormAsync("/services/test-lapsing", new Dictionary<string, string>())));

        Assert.Equal(ServiceRunStatus.Failed, run.Status);
        Assert.Contains("returned before it finished, so nothing was charged", run.Error);
        Assert.Equal(0, run.CostMillicredits);
        Assert.Equal(3_000, await BalanceAsync(workspace));

        // Hangfire may run a job again; the run is closed, so it does nothing.
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<RunAutomationService>().RunAsync(run.Id, CancellationToken.None);
            return true;
        });
        await using var db = app.Database.NewContext();
        var entries = await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.RelatedObject == $"reservation:{run.ReservationId}")
            .OrderBy(e => e.CreatedAt).Select(e => new { e.Type, e.AmountMillicredits }).ToListAsync();
        Assert.Equal([(LedgerEntryType.ReservationHold, -1_000L), (LedgerEntryType.ReservationRelease, 1_000L)],
            entries.Select(e => (e.Type, e.AmountMillicredits)));
        Assert.Equal(3_000, await BalanceAsync(workspace));
        Assert.Equal(ServiceRunStatus.Failed, (await RunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task A_customer_cancels_a_running_run_from_its_page_and_gets_the_hold_back()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(5_000);
        using var _ = customer;
        var id = RunIdOf(await customer.PostFormAsync("/services/test-slow", new Dictionary<string, string>()));
        Assert.Equal(3_000, await BalanceAsync(workspace));
        await WaitForAsync(id, r => r.Status == ServiceRunStatus.Running && r.Progress > 0);

        var poll = new HttpRequestMessage(HttpMethod.Get, $"/services/runs/{id}");
        poll.Headers.Add("HX-Request", "true");
        var fragment = await AppClient.ParseAsync(await customer.Http.SendAsync(poll));
        Assert.Equal("every 2s", fragment.QuerySelector("#run")!.GetAttribute("hx-trigger"));
        Assert.Null(fragment.QuerySelector("#app-sidebar"));

        var cancel = new HttpRequestMessage(HttpMethod.Post, $"/services/runs/{id}?handler=Cancel");
        cancel.Headers.Add("HX-Request", "true");
        cancel.Headers.Add("RequestVerificationToken", await customer.AntiforgeryTokenAsync($"/services/runs/{id}"));
        var answered = await customer.Http.SendAsync(cancel);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("Stopping", (await AppClient.ParseAsync(answered)).QuerySelector("#run")!.TextContent);

        var run = await FinishedAsync(id);
        Assert.Equal(ServiceRunStatus.Cancelled, run.Status);
        Assert.Equal(0, run.CostMillicredits);
        Assert.Equal(5_000, await BalanceAsync(workspace));
    }

    [Fact]
    public async Task A_run_whose_job_was_lost_is_queued_again_by_the_sweep()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(1_000);
        using var _ = customer;
        var lost = new ServiceRun
        {
            WorkspaceId = workspace, ServiceKey = "test-slow", ServiceName = "Slow test service", Input = "{}",
            CreatedAt = DateTime.UtcNow.AddMinutes(-2),
        };
        await using (var db = app.Database.NewContext())
        {
            db.ServiceRuns.Add(lost);
            await db.SaveChangesAsync();
        }

        var queued = await app.WithScopeAsync(sp => sp.GetRequiredService<SweepServiceRuns>().RunAsync(CancellationToken.None));

        Assert.True(queued >= 1);
        await WaitForAsync(lost.Id, r => r.Status != ServiceRunStatus.Queued);
        // Stopped from its page without htmx: a plain form post, answered with a redirect back to the run.
        var token = await customer.AntiforgeryTokenAsync($"/services/runs/{lost.Id}");
        var cancelled = await customer.Http.PostAsync($"/services/runs/{lost.Id}?handler=Cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        cancelled.EnsureRedirect($"/services/runs/{lost.Id}");
        Assert.Equal(ServiceRunStatus.Cancelled, (await FinishedAsync(lost.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync($"/services/runs/{lost.Id}?handler=Nonsense")).StatusCode);
    }

    [Fact]
    public async Task A_run_that_keeps_dying_with_its_worker_fails_after_three_attempts_and_its_hold_is_returned()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(2_000);
        using var _ = customer;
        var id = Guid.NewGuid();
        var held = await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .ReserveAsync(workspace, 2_000, "Slow test service run", TimeSpan.FromHours(1), ServiceRuns.HoldKey(id), null));
        await using (var db = app.Database.NewContext())
        {
            db.ServiceRuns.Add(new ServiceRun
            {
                Id = id, WorkspaceId = workspace, ServiceKey = "test-slow", ServiceName = "Slow test service", Input = "{}",
                Status = ServiceRunStatus.Running, Attempts = RunAutomationService.MaxAttempts, StartedAt = DateTime.UtcNow.AddHours(-1),
                PriceMillicredits = 2_000, HeldMillicredits = 2_000, ReservationId = held.ReservationId, CreatedAt = DateTime.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, await BalanceAsync(workspace));

        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<RunAutomationService>().RunAsync(id, CancellationToken.None);
            return true;
        });

        var run = await RunAsync(id);
        Assert.Equal(ServiceRunStatus.Failed, run.Status);
        Assert.Contains("stopped 3 times", run.Error);
        Assert.Equal(2_000, await BalanceAsync(workspace));
    }

    [Fact]
    public async Task A_run_the_balance_cannot_cover_is_refused_without_holding_or_queueing_anything()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(1_000);
        using var _ = customer;
        var answered = await customer.PostFormAsync("/services/test-slow", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("This run needs 2 credits and the balance is 1 credit", (await AppClient.ParseAsync(answered)).QuerySelector("[role=alert]")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.False(await db.ServiceRuns.IgnoreQueryFilters().AnyAsync(r => r.WorkspaceId == workspace));
        Assert.False(await db.CreditReservations.IgnoreQueryFilters().AnyAsync(r => r.WorkspaceId == workspace));
    }

    [Fact]
    public async Task Bad_scraper_requests_are_explained_on_the_form_and_hold_nothing()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(5_000);
        using var _ = customer;
        async Task<string> ErrorFor(string field, Dictionary<string, string> input)
        {
            var answered = await customer.PostFormAsync("/services/ai-scraper", input);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            return (await AppClient.ParseAsync(answered)).QuerySelector($"#field-{field}-error")!.TextContent;
        }

        Assert.Contains("is not an http or https address",
            await ErrorFor("urls", new() { ["Input[urls]"] = "ftp://example.com/x", ["Input[extract]"] = "Tables" }));
        Assert.Contains("is not a CSS selector",
            await ErrorFor("selectors", new() { ["Input[urls]"] = "https://example.com/", ["Input[extract]"] = "CSS selectors", ["Input[selectors]"] = "a: ..b" }));
        Assert.Contains("is not \"name: what it is\"",
            await ErrorFor("described", new() { ["Input[urls]"] = "https://example.com/", ["Input[extract]"] = Streamline.Core.Automation.Scraper.AiScraper.DescribedChoice, ["Input[described]"] = "just a sentence" }));
        Assert.Contains("Choose one of the options",
            await ErrorFor("extract", new() { ["Input[urls]"] = "https://example.com/", ["Input[extract]"] = "Everything" }));
        Assert.Equal(5_000, await BalanceAsync(workspace));
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync("/services/no-such-service")).StatusCode);
    }

    [Theory]
    [InlineData("video-generator", "Video Generator")]
    [InlineData("workflow-automation", "Workflow Automation")]
    [InlineData("custom-integration", "Custom Integrations")]
    public async Task A_request_form_files_a_free_client_job_the_customer_follows_under_jobs(string key, string name)
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(1_000);
        using var _ = customer;
        var form = await customer.GetDocumentAsync($"/services/{key}");
        Assert.NotNull(form.QuerySelector("textarea[name='Input[goals]']"));
        var empty = await customer.PostFormAsync($"/services/{key}", new Dictionary<string, string> { ["Input[goals]"] = " " });
        Assert.Contains("Enter what you want", (await AppClient.ParseAsync(empty)).QuerySelector("#field-goals-error")!.TextContent);

        var run = await FinishedAsync(RunIdOf(await customer.PostFormAsync($"/services/{key}", new Dictionary<string, string>
        {
            ["Input[goals]"] = "A launch video for our spring range", ["Input[details]"] = "30 seconds, vertical", ["Input[timeline]"] = "By March",
        })));

        Assert.Equal((ServiceRunStatus.Succeeded, 0L), (run.Status, run.CostMillicredits));
        Assert.Equal(1_000, await BalanceAsync(workspace));
        await using var db = app.Database.NewContext();
        var job = await db.Jobs.IgnoreQueryFilters().SingleAsync(j => j.WorkspaceId == workspace);
        Assert.Equal($"{name} request", job.Title);
        Assert.Equal(("A launch video for our spring range", "30 seconds, vertical", "By March"), (job.Goals, job.Requirements, job.TimelineNotes));
        Assert.NotNull((await customer.GetDocumentAsync("/jobs")).QuerySelector($"tr[data-job='{job.Id}']"));
    }

    [Fact]
    public async Task A_superadmin_edit_is_audited_and_what_customers_see_and_pay_follows_it()
    {
        using var admin = await app.SuperAdminAsync();
        var saved = await admin.PostFormAsync("/admin/services/test-editable", new Dictionary<string, string>
        {
            ["Input.Name"] = "Renamed service", ["Input.Description"] = "Now described", ["Input.Price"] = "2.5", ["Input.Status"] = "Active",
        });
        saved.EnsureRedirect("/admin/services");
        var list = await admin.GetDocumentAsync("/admin/services");
        Assert.Equal("2.5 credits per run", list.QuerySelector("[data-service='test-editable'] [data-price]")!.TextContent);
        await using (var db = app.Database.NewContext())
        {
            var entry = await db.AuditEntries.OrderByDescending(e => e.CreatedAt).FirstAsync(e => e.Subject == "service:test-editable");
            Assert.Equal(AuditAction.ServiceEdited, entry.Action);
            Assert.Equal(Admin.AdminApp.AdminEmail, entry.Actor);
            Assert.Contains("Renamed service: 2.5 credits per run, Active", entry.Summary);
        }

        var (customer, workspace) = await CustomerWithCreditsAsync(5_000);
        using (customer)
        {
            Assert.Equal("Renamed service", (await customer.GetDocumentAsync("/services")).QuerySelector("[data-service='test-editable'] h2")!.TextContent);
            var run = await FinishedAsync(RunIdOf(await customer.PostFormAsync("/services/test-editable", new Dictionary<string, string>())));
            Assert.Equal((ServiceRunStatus.Succeeded, 2_500L, "Renamed service"), (run.Status, run.CostMillicredits, run.ServiceName));
            Assert.Equal(2_500, await BalanceAsync(workspace));
            Assert.Equal("1", (await admin.GetDocumentAsync("/admin/services")).QuerySelector("[data-service='test-editable'] [data-runs]")!.TextContent);
            var tile = (await admin.GetDocumentAsync("/admin/monitoring")).QuerySelector("[data-tile='services']")!;
            Assert.Contains("Succeeded · last day", tile.TextContent);
            var metrics = (await admin.Http.GetStringAsync("/metrics")).Split('\n');
            Assert.Contains(metrics, l => l.StartsWith("streamline_service_runs_succeeded_last_day ") && int.Parse(l.Split(' ')[1]) >= 1);

            (await admin.PostFormAsync("/admin/services/test-editable", new Dictionary<string, string>
            {
                ["Input.Name"] = "Renamed service", ["Input.Description"] = "Now described", ["Input.Price"] = "2.5", ["Input.Status"] = "Disabled",
            })).EnsureRedirect("/admin/services");
            Assert.Null((await customer.GetDocumentAsync("/services")).QuerySelector("[data-service='test-editable']"));
            Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync("/services/test-editable")).StatusCode);
        }
    }

    [Fact]
    public async Task Bad_prices_are_explained_and_only_superadmins_edit_the_registry()
    {
        using var admin = await app.SuperAdminAsync();
        var answered = await admin.PostFormAsync("/admin/services/test-editable", new Dictionary<string, string>
        {
            ["Input.Name"] = "", ["Input.Description"] = "x", ["Input.Price"] = "-1", ["Input.Status"] = "Active",
        });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var form = await AppClient.ParseAsync(answered);
        Assert.Contains("Enter the name customers see", form.QuerySelector("#name-error")!.TextContent);
        Assert.Contains("Enter credits as a number", form.QuerySelector("#price-error")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/admin/services/no-such-service")).StatusCode);

        using var plain = await app.PlainAdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await plain.Http.GetAsync("/admin/services")).StatusCode);
        var edit = await plain.Http.GetAsync("/admin/services/test-editable");
        Assert.True(edit.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"answered {(int)edit.StatusCode}");
        var (customer, _) = await AppClient.SignedInUserAsync(app);
        using (customer)
        {
            var page = await customer.Http.GetAsync("/admin/services");
            Assert.True(page.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"answered {(int)page.StatusCode}");
        }
    }

    private async Task<(AppClient Client, Guid Workspace)> CustomerWithCreditsAsync(long millicredits)
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspace = await JobScene.WorkspaceOfAsync(app, email);
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .GrantAsync(workspace, millicredits, LedgerEntryType.Purchase, "Test credits", $"test:{Guid.NewGuid()}", null, null));
        return (client, workspace);
    }

    private static Guid RunIdOf(HttpResponseMessage started)
    {
        started.EnsureRedirect("/services/runs/");
        return Guid.Parse(started.Headers.Location!.OriginalString["/services/runs/".Length..]);
    }

    private async Task<long?> BalanceAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => (long?)w.BalanceMillicredits).SingleOrDefaultAsync();
    }

    private async Task<ServiceRun> RunAsync(Guid id)
    {
        await using var db = app.Database.NewContext();
        return await db.ServiceRuns.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private Task<ServiceRun> FinishedAsync(Guid id) => WaitForAsync(id, r => r.IsFinal);

    private async Task<ServiceRun> WaitForAsync(Guid id, Func<ServiceRun, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await RunAsync(id);
            if (done(run)) return run;
            Assert.True(DateTime.UtcNow < until, $"run {id} is still {run.Status} at {run.Progress}%");
            await Task.Delay(100);
        }
    }
}

public sealed class ServiceRunTestsOnSqlite(ServicesApp app) : ServiceRunTests<ServicesApp>(app);

public sealed class ServiceRunTestsOnPostgres(PostgresServicesApp app) : ServiceRunTests<PostgresServicesApp>(app);
