using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Monitoring;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Monitoring;

/// <summary>An admin app with a scraper token. Its own app: the figures are platform-wide and the tests open incidents.</summary>
public class MonitoringApp : AdminApp
{
    public const string MetricsToken = "a scraper token for the tests";

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Monitoring:MetricsToken"] = MetricsToken;
    }
}

public sealed class PostgresMonitoringApp : MonitoringApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class MonitoringTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MonitoringApp
{
    private const string MailTileSubject = "Monitoring alert: E-mail outbox";

    [Fact]
    public async Task A_failed_mail_turns_the_outbox_tile_red_on_the_page_and_in_its_htmx_refresh()
    {
        await FailedMailAsync();
        using var admin = await app.SuperAdminAsync();

        var page = await admin.GetDocumentAsync("/admin/monitoring");
        var tile = page.QuerySelector("[data-tile='mail']")!;
        Assert.Equal("red", tile.GetAttribute("data-state"));
        Assert.Contains("mails failed", tile.TextContent);
        Assert.Equal("ok", page.QuerySelector("[data-tile='health']")!.GetAttribute("data-state"));
        Assert.Contains("Latency is not stored", page.QuerySelector("[data-tile='ai']")!.TextContent);
        Assert.NotNull(page.QuerySelector("#app-sidebar a[href='/admin/monitoring']"));

        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/monitoring");
        request.Headers.Add("HX-Request", "true");
        var fragment = await admin.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var html = await AppClient.ParseAsync(fragment);
        Assert.Null(html.QuerySelector("#app-sidebar"));
        Assert.Equal("red", html.QuerySelector("#monitoring-tiles [data-tile='mail']")!.GetAttribute("data-state"));
    }

    [Fact]
    public async Task Customers_and_strangers_are_refused_the_page_and_the_metrics()
    {
        var (member, _) = await AppClient.SignedInUserAsync(app);
        using (member)
        {
            var page = await member.Http.GetAsync("/admin/monitoring");
            Assert.True(page.StatusCode == HttpStatusCode.Forbidden
                        || (page.StatusCode == HttpStatusCode.Redirect && page.Headers.Location!.OriginalString.Contains("/Identity/Account/AccessDenied")),
                $"answered {(int)page.StatusCode}");
            Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync("/metrics")).StatusCode);
        }

        using var stranger = app.NewClient();
        var anonymous = await stranger.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("streamline_", await anonymous.Content.ReadAsStringAsync());
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not the token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task Metrics_give_the_same_figures_as_prometheus_gauges_to_an_admin_and_to_the_token()
    {
        await FailedMailAsync();
        int failed;
        await using (var db = app.Database.NewContext())
            failed = await db.EmailMessages.CountAsync(m => m.Status == EmailStatus.Failed);

        using var scraper = app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitoringApp.MetricsToken);
        var response = await scraper.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("# TYPE streamline_mail_failed gauge", lines);
        Assert.Contains($"streamline_mail_failed {failed}", lines);
        Assert.Contains("streamline_database_up 1", lines);
        Assert.Contains("streamline_monitoring_tile_red{tile=\"mail\"} 1", lines);
        Assert.Contains(lines, l => l.StartsWith("streamline_jobs_failed "));
        Assert.Contains(lines, l => l.StartsWith("streamline_job_servers_alive "));
        // Every sample line is "name{labels} number".
        Assert.All(lines.Where(l => l.Length > 0 && !l.StartsWith('#')),
            l => Assert.Matches(@"^streamline_[a-z_]+(\{[a-z_]+=""[^""]*""(,[a-z_]+=""[^""]*"")*\})? -?[0-9.eE+]+$", l));

        using var admin = await app.SuperAdminAsync();
        var asAdmin = await admin.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Contains("streamline_monitoring_tile_red{tile=\"mail\"} 1", await asAdmin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admins_are_mailed_once_per_incident_however_many_runs_overlap_and_again_after_it_clears()
    {
        // The app's own minutely run may have mailed about another test's failed mail: count from here.
        await ClearFailedMailsAsync();
        await RunAlertsAsync(1);
        var before = await AlertMailsAsync();

        await FailedMailAsync();
        await RunAlertsAsync(6);
        Assert.Equal(before + 1, await AlertMailsAsync());
        await RunAlertsAsync(3);
        Assert.Equal(before + 1, await AlertMailsAsync());

        await ClearFailedMailsAsync();
        await RunAlertsAsync(2);
        await using (var db = app.Database.NewContext())
            Assert.False(await db.MonitoringIncidents.AnyAsync(i => i.Tile == "mail"));

        await FailedMailAsync();
        await RunAlertsAsync(4);
        Assert.Equal(before + 2, await AlertMailsAsync());
    }

    /// <summary>Runs the job <paramref name="times"/> at once, each in its own scope, as overlapping workers would.</summary>
    private Task RunAlertsAsync(int times) => Task.WhenAll(Enumerable.Range(0, times).Select(_ => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<AlertMonitoringIncidents>().RunAsync(CancellationToken.None))));

    private async Task<int> AlertMailsAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.CountAsync(m => m.To == AdminApp.AdminEmail && m.Subject == MailTileSubject);
    }

    private async Task FailedMailAsync()
    {
        await using var db = app.Database.NewContext();
        db.EmailMessages.Add(new EmailMessage
        {
            To = $"bounce-{Guid.NewGuid():N}@example.test", Subject = "Undeliverable", HtmlBody = "<p>x</p>", TextBody = "x", Template = "test",
            Status = EmailStatus.Failed, Attempts = 6, CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow, LastError = "550 no such user",
        });
        await db.SaveChangesAsync();
    }

    private async Task ClearFailedMailsAsync()
    {
        await using var db = app.Database.NewContext();
        await db.EmailMessages.Where(m => m.Status == EmailStatus.Failed).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatus.Sent));
    }
}

public sealed class MonitoringTestsOnSqlite(MonitoringApp app) : MonitoringTests<MonitoringApp>(app);

public sealed class MonitoringTestsOnPostgres(PostgresMonitoringApp app) : MonitoringTests<PostgresMonitoringApp>(app);
