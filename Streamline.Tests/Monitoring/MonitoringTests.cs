using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Monitoring;
using Streamline.Tests.Admin;
using Streamline.Tests.Channels;
using Streamline.Tests.Conversations;
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
        Assert.Contains("timed by this web process", page.QuerySelector("[data-tile='ai']")!.TextContent);
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
    public async Task AI_calls_are_counted_with_their_tokens_and_credits_by_model_over_the_last_hour_and_day()
    {
        var scene = await ConversationScene.CreateAsync(app, credits: 0);
        var conversation = await scene.StartAsync();
        var model = $"model-{Guid.NewGuid():N}"[..20];
        var now = DateTime.UtcNow;
        await using (var db = app.Database.NewContext())
        {
            ChatMessage Message(int sequence, MessageSender sender, DateTime at, int input = 0, int output = 0, long cost = 0, int attempts = 0) => new()
            {
                WorkspaceId = scene.WorkspaceId, ConversationId = conversation.Id, Sequence = sequence, Sender = sender, Text = "x",
                Model = sender == MessageSender.Ai ? model : null, InputTokens = input, OutputTokens = output, CostMillicredits = cost,
                ReplyAttempts = attempts, CreatedAt = at,
            };
            db.ChatMessages.AddRange(
                Message(100, MessageSender.Visitor, now.AddMinutes(-5), attempts: 3),
                Message(101, MessageSender.Ai, now.AddMinutes(-4), input: 1_000, output: 200, cost: 1_500),
                Message(102, MessageSender.Ai, now.AddMinutes(-3), input: 500, output: 100, cost: 500),
                Message(103, MessageSender.Ai, now.AddHours(-2), input: 300, output: 0, cost: 1_000),
                Message(104, MessageSender.Ai, now.AddDays(-2), input: 9_999, output: 9_999, cost: 9_999));
            await db.SaveChangesAsync();
        }
        using var admin = await app.SuperAdminAsync();

        var lines = (await (await admin.Http.GetAsync("/metrics")).Content.ReadAsStringAsync()).Split('\n');

        Assert.Contains($"streamline_ai_calls{{window=\"hour\",model=\"{model}\"}} 2", lines);
        Assert.Contains($"streamline_ai_tokens{{window=\"hour\",model=\"{model}\"}} 1800", lines);
        Assert.Contains($"streamline_ai_credits{{window=\"hour\",model=\"{model}\"}} 2", lines);
        Assert.Contains($"streamline_ai_calls{{window=\"day\",model=\"{model}\"}} 3", lines);
        Assert.Contains($"streamline_ai_tokens{{window=\"day\",model=\"{model}\"}} 2100", lines);
        Assert.Contains($"streamline_ai_credits{{window=\"day\",model=\"{model}\"}} 3", lines);
        Assert.Contains(lines, l => l.StartsWith("streamline_ai_retried_replies{window=\"hour\"} ") && int.Parse(l.Split(' ')[1]) >= 1);
        var page = await admin.GetDocumentAsync("/admin/monitoring");
        Assert.Contains($"{model} · last hour · tokens in / out", page.QuerySelector("[data-tile='ai']")!.TextContent);
    }

    [Fact]
    public async Task Unreadable_job_storage_turns_the_jobs_and_health_tiles_red_instead_of_failing()
    {
        await using var db = app.Database.NewContext();
        var options = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<IOptionsMonitor<MonitoringOptions>>()));
        var report = new MonitoringReport(db, new UnreadableStorage(), options, TimeProvider.System, new Streamline.Core.Ai.AiCallTimings(TimeProvider.System));

        var snapshot = await report.SnapshotAsync(CancellationToken.None);

        Assert.Equal(["health", "jobs"], snapshot.Red.Select(t => t.Key).Where(k => k is "health" or "jobs").Order());
        Assert.Contains("cannot be read", snapshot.Tiles.Single(t => t.Key == "jobs").Alerts.Single());
    }

    private sealed class UnreadableStorage : Hangfire.JobStorage
    {
        public override Hangfire.Storage.IMonitoringApi GetMonitoringApi() => throw new InvalidOperationException("storage down");
        public override Hangfire.Storage.IStorageConnection GetConnection() => throw new InvalidOperationException("storage down");
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

    [Fact]
    public async Task Channel_webhooks_are_counted_over_the_last_hour_and_day_and_a_stuck_send_turns_the_tile_red_and_mails_the_admins_once()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var channelId = await scene.CreateSandboxAsync(ConversationChannel.Telegram);
        var channel = await scene.ChannelAsync(channelId);
        (await scene.WriteAsync(channelId, "Hello")).EnsureSuccessStatusCode();
        (await scene.WriteAsync(channelId, "Are you open?")).EnsureSuccessStatusCode();
        // Through the health recorder, as the webhook endpoints and the send job call it: six bad signatures open an incident.
        for (var i = 0; i < 6; i++) await RecordHealthAsync(h => h.RecordSignatureFailureAsync(channel, CancellationToken.None));
        for (var i = 0; i < 3; i++) await RecordHealthAsync(h => h.RecordProviderErrorAsync(channel, "500", "Internal error", CancellationToken.None));
        var now = DateTime.UtcNow;
        await using (var db = app.Database.NewContext())
        {
            db.ChannelHealthEvents.AddRange(
                new ChannelHealthEvent { WorkspaceId = scene.WorkspaceId, ChannelId = channelId, Kind = ChannelHealthEventKind.BadSignature, At = now.AddHours(-2) },
                new ChannelHealthEvent { WorkspaceId = scene.WorkspaceId, ChannelId = channelId, Kind = ChannelHealthEventKind.ProviderError, At = now.AddDays(-3) });
            // A reply that has waited 45 minutes to go out, its next attempt far off.
            var inbound = await db.ChannelMessages.IgnoreQueryFilters().Where(m => m.ChannelId == channelId && m.Direction == ChannelDirection.Inbound).FirstAsync();
            db.ChannelMessages.Add(new ChannelMessage
            {
                WorkspaceId = scene.WorkspaceId, ChannelId = channelId, IdentityId = inbound.IdentityId, ConversationId = inbound.ConversationId,
                Direction = ChannelDirection.Outbound, Kind = "text", Text = "Stuck", State = ChannelDeliveryState.Queued,
                CreatedAt = now.AddMinutes(-45), UpdatedAt = now.AddMinutes(-45), NextAttemptAt = now.AddDays(1),
            });
            await db.SaveChangesAsync();
        }
        using var admin = await app.SuperAdminAsync();

        var lines = (await (await admin.Http.GetAsync("/metrics")).Content.ReadAsStringAsync()).Split('\n');

        Assert.Contains("streamline_channel_messages_received{window=\"hour\"} 2", lines);
        Assert.Contains("streamline_channel_messages_received{window=\"day\"} 2", lines);
        Assert.Contains("streamline_channel_signature_failures{window=\"hour\"} 6", lines);
        Assert.Contains("streamline_channel_signature_failures{window=\"day\"} 7", lines);
        Assert.Contains("streamline_channel_provider_errors{window=\"hour\"} 3", lines);
        Assert.Contains("streamline_channel_provider_errors{window=\"day\"} 3", lines);
        Assert.Contains("streamline_channels_in_trouble 1", lines);
        Assert.Contains(lines, l => l.StartsWith("streamline_channel_outbound_queued ") && int.Parse(l.Split(' ')[1]) >= 1);
        Assert.Contains(lines, l => l.StartsWith("streamline_channel_outbound_oldest_queued_seconds ") && double.Parse(l.Split(' ')[1]) >= 45 * 60);
        Assert.Contains("streamline_monitoring_tile_red{tile=\"channels\"} 1", lines);

        var tile = (await admin.GetDocumentAsync("/admin/monitoring")).QuerySelector("[data-tile='channels']")!;
        Assert.Equal("red", tile.GetAttribute("data-state"));
        Assert.Contains("has waited 45 min to be sent", tile.TextContent);
        Assert.Contains($"{channel.Name} (bad signatures)", tile.TextContent);
        Assert.Equal("6", tile.QuerySelector("tr[data-figure='channel_signature_failures'] td")!.TextContent);

        await RunAlertsAsync(3);
        await RunAlertsAsync(2);
        await using (var db = app.Database.NewContext())
        {
            Assert.Equal(1, await db.EmailMessages.CountAsync(m => m.To == AdminApp.AdminEmail && m.Subject == "Monitoring alert: Channel webhooks"));
            Assert.True(await db.MonitoringIncidents.AnyAsync(i => i.Tile == "channels"));
        }

        // The hourly sweep forgets failure events past their retention; the last day's stay counted.
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<SweepSilentChannels>().RunAsync(CancellationToken.None);
            return true;
        });
        await using (var db = app.Database.NewContext())
        {
            var kept = await db.ChannelHealthEvents.IgnoreQueryFilters().Where(e => e.ChannelId == channelId).ToListAsync();
            Assert.Equal(10, kept.Count);
            Assert.All(kept, e => Assert.True(e.At > now.AddDays(-1)));
        }
    }

    private Task RecordHealthAsync(Func<ChannelHealth, Task> action) => app.WithScopeAsync(async sp =>
    {
        await action(sp.GetRequiredService<ChannelHealth>());
        return true;
    });

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
