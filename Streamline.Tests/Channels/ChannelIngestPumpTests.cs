using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Ingest;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Tests.Channels;

/// <summary>
/// The one-row webhook and the pump behind it: a webhook writes only the received row (once, however redelivered), and
/// the pump, in this app or racing another, makes each row a conversation and an answer exactly once, in the customer's
/// order, picking up what a dead pump left half done.
/// </summary>
public abstract class ChannelIngestPumpTests<TApp>(TApp app) where TApp : WhatsAppApp
{
    protected TApp App => app;

    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 30) =>
        WhatsAppScene.EventuallyAsync(read, done, seconds);

    [Fact]
    public async Task Concurrent_redeliveries_of_a_message_are_stored_once_and_answered_once()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var payload = scene.TextPayload("Do you deliver on Sundays?");
        using var client = app.NewClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => scene.DeliverAsync(client.Http, payload)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var counts = await Task.WhenAll(responses.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!));
        Assert.Equal(1, counts.Sum(c => c!["stored"]!.GetValue<int>()));
        Assert.Equal(7, counts.Sum(c => c!["duplicates"]!.GetValue<int>()));
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        await Eventually(() => ReceivedAsync(scene), rows => rows.All(r => r.ProcessedAt is not null));
        Assert.Single(await ReceivedAsync(scene));
        Assert.Single(await scene.RowsAsync(ChannelDirection.Inbound));
        Assert.Single(await scene.MessagesAsync(), m => m.Sender == MessageSender.Visitor);
        Assert.Single(scene.SendsToCustomer, s => s.Status == 200);
    }

    [Fact]
    public async Task A_pump_that_stops_mid_message_hands_the_row_back_at_once()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.WhatsApp.BeforeAccepting(scene.Channel.RouteKey, async _ =>
        {
            sending.TrySetResult();
            await gate.Task;
        });
        // Leased half a minute ahead, so the app's own pump leaves it to the pump below, whose clock runs a minute ahead.
        await InsertAsync([Received(scene, "Are you open on Sundays?", sender: "491700000002", DateTimeOffset.UtcNow)],
            leaseUntil: DateTime.UtcNow.AddSeconds(30));
        var pump = new ChannelInboundPump(app.Services.GetRequiredService<IServiceScopeFactory>(), new ChannelInboundSignal(),
            app.Services.GetRequiredService<IOptions<ChannelOptions>>(), new Later(TimeSpan.FromMinutes(1)), NullLogger<ChannelInboundPump>.Instance);
        using var stopping = new CancellationTokenSource();

        var running = pump.RunAsync(stopping.Token);
        await sending.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the reply is on its way when the process stops
        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        var handedBack = Assert.Single(await ReceivedAsync(scene));
        Assert.Null(handedBack.ProcessedAt);
        Assert.Null(handedBack.LeaseUntil);
        Assert.Equal(0, handedBack.Attempts);
        gate.SetResult();
        await Eventually(() => ReceivedAsync(scene), rows => rows.Single().ProcessedAt is not null);
    }

    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }

    [Fact]
    public async Task The_pump_sends_its_reply_itself_and_queues_no_send_job_for_it()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.TextPayload("Do you deliver on Sundays?"))).StatusCode);

        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        await Eventually(() => ReceivedAsync(scene), rows => rows.All(r => r.ProcessedAt is not null));
        var conversation = Assert.Single(await scene.RowsAsync(ChannelDirection.Inbound)).ConversationId;
        Assert.All(await scene.RowsAsync(ChannelDirection.Outbound), r => Assert.Equal(ChannelDeliveryState.Sent, r.State));
        Assert.Empty(SendJobsFor(conversation));
    }

    private List<Hangfire.Common.Job> SendJobsFor(Guid conversationId)
    {
        var monitor = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        IEnumerable<Hangfire.Common.Job?> jobs =
        [
            .. monitor.SucceededJobs(0, 10_000).Select(j => j.Value.Job),
            .. monitor.ProcessingJobs(0, 10_000).Select(j => j.Value.Job),
            .. monitor.FailedJobs(0, 10_000).Select(j => j.Value.Job),
            .. monitor.ScheduledJobs(0, 10_000).Select(j => j.Value.Job),
            .. monitor.Queues().SelectMany(q => monitor.EnqueuedJobs(q.Name, 0, 10_000)).Select(j => j.Value.Job),
        ];
        return [.. jobs.OfType<Hangfire.Common.Job>()
            .Where(j => j.Type == typeof(SendChannelMessages) && j.Args.Count > 0 && j.Args[0] is Guid id && id == conversationId)];
    }

    [Fact]
    public async Task A_processed_row_is_deleted_by_the_sweep_once_kept_long_enough_and_the_conversation_stays()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.TextPayload("Old news"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.TextPayload("Fresh news"))).StatusCode);
        await Eventually(() => ReceivedAsync(scene), rows => rows.Count == 2 && rows.All(r => r.ProcessedAt is not null));
        var old = (await ReceivedAsync(scene)).OrderBy(r => r.ReceivedAt).First();
        await using (var db = app.Database.NewContext())
            await db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace).Where(r => r.Id == old.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ProcessedAt, DateTime.UtcNow - ChannelInbound.KeptFor - TimeSpan.FromMinutes(1)));

        await app.WithScopeAsync(sp => sp.GetRequiredService<SweepChannelOutbox>().RunAsync(CancellationToken.None));

        var left = Assert.Single(await ReceivedAsync(scene));
        Assert.NotEqual(old.Id, left.Id);
        Assert.Equal(2, (await scene.RowsAsync(ChannelDirection.Inbound)).Count);
    }

    [Fact]
    public async Task Two_pumps_claiming_at_once_never_take_the_same_row()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        // Held by a lease in the future, so no pump takes them until they are all written and released at once.
        var rows = Enumerable.Range(0, 30).Select(i => Received(scene, $"Question {i}", sender: $"4915{i:D8}", DateTimeOffset.UtcNow)).ToList();
        // Leased a minute ahead, so the app's own pump leaves them alone while the claimers below, a minute later, race for them.
        var later = DateTime.UtcNow.AddMinutes(1);
        await InsertAsync(rows, leaseUntil: later);
        var now = later.AddSeconds(1);

        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        // Both claim paths where there are two (PostgreSQL's SKIP LOCKED one and the portable one).
        var claimers = new[] { settings, settings with { PostgresFastPaths = false }, settings, settings with { PostgresFastPaths = false } };
        var cursor = new ChannelInboundClaimCursor();
        var claimed = await Task.WhenAll(claimers.Select(database => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            for (var round = 0; round < 10; round++)
                mine.AddRange(await app.WithScopeAsync(sp => new ChannelInboundClaims(sp.GetRequiredService<StreamlineDbContext>(), database, cursor)
                    .ClaimAsync(3, now, TimeSpan.FromHours(1), TimeSpan.Zero, CancellationToken.None)));
            return mine;
        })));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Distinct().Count());
        Assert.All(await ReceivedAsync(scene), r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task A_chatty_customers_burst_holds_up_no_other_customer()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var received = DateTime.UtcNow.AddMinutes(-5);
        // One customer's burst, received before anyone else's and longer than the oldest rows a claim looks at.
        var burst = Enumerable.Range(0, ChannelInboundClaims.Window + 20)
            .Select(i => Received(scene, $"Burst {i}", "491500000000", start.AddMilliseconds(i), receivedAt: received.AddMilliseconds(i))).ToList();
        // Behind it, more customers than one step through waiting customers reaches, with a message each.
        var others = Enumerable.Range(0, ChannelInboundClaims.Window + 10)
            .Select(i => Received(scene, $"Hello {i}", $"4917{i:D8}", start.AddSeconds(30), receivedAt: received.AddSeconds(1).AddMilliseconds(i)))
            .ToList();
        // Leased a minute ahead, so the app's own pump leaves them alone while the claims below, a minute later, take them.
        var later = DateTime.UtcNow.AddMinutes(1);
        await InsertAsync([.. burst, .. others], leaseUntil: later);
        var now = later.AddSeconds(1);

        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        var cursor = new ChannelInboundClaimCursor();
        var claimed = new List<Guid>();
        // One at a time, each kept for an hour: a pump with one free hand, its customers' turns still running.
        for (var i = 0; i < others.Count + 1; i++)
            claimed.AddRange(await app.WithScopeAsync(sp => new ChannelInboundClaims(sp.GetRequiredService<StreamlineDbContext>(), settings, cursor)
                .ClaimAsync(1, now, TimeSpan.FromHours(1), TimeSpan.Zero, CancellationToken.None)));

        Assert.Equal(burst[0].Id, claimed[0]);
        Assert.Equal(others.Count + 1, claimed.Count);
        Assert.Equal(others.Select(o => o.Id).Append(burst[0].Id).ToHashSet(), claimed.ToHashSet());
    }

    [Fact]
    public async Task A_message_waits_to_settle_so_an_earlier_one_delivered_a_moment_later_goes_first()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var written = DateTimeOffset.UtcNow.AddMinutes(-1);
        // Leased until a minute ahead, so the app's own pump leaves them alone; the claims below run after that.
        var later = DateTime.UtcNow.AddMinutes(1);
        var settle = TimeSpan.FromMilliseconds(500);
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        var cursor = new ChannelInboundClaimCursor();
        var ours = new HashSet<Guid>();
        async Task<List<Guid>> ClaimAtAsync(double seconds) =>
            (await app.WithScopeAsync(sp => new ChannelInboundClaims(sp.GetRequiredService<StreamlineDbContext>(), settings, cursor)
                .ClaimAsync(5, later.AddSeconds(seconds), TimeSpan.FromHours(1), settle, CancellationToken.None))).Where(ours.Contains).ToList();

        var second = Received(scene, "second", scene.Customer, written.AddSeconds(1), receivedAt: later.AddSeconds(1));
        ours.Add(second.Id);
        await InsertAsync([second], leaseUntil: later);
        Assert.Empty(await ClaimAtAsync(1.2));

        // The customer's earlier message lands 0.3 s after the later one.
        var first = Received(scene, "first", scene.Customer, written, receivedAt: later.AddSeconds(1.3));
        ours.Add(first.Id);
        await InsertAsync([first], leaseUntil: later);
        // The later one has settled, but waits behind the earlier, which has not.
        Assert.Empty(await ClaimAtAsync(1.6));
        Assert.Equal([first.Id], await ClaimAtAsync(1.9));
    }

    [Fact]
    public async Task Two_pumps_running_together_store_and_answer_every_message_once()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        // Received a second ago, past the settle time, so the pumps below can take them at once.
        var rows = Enumerable.Range(0, 12)
            .Select(i => Received(scene, $"Hello {i}", sender: $"4916{i:D8}", DateTimeOffset.UtcNow, receivedAt: DateTime.UtcNow.AddSeconds(-1)))
            .ToList();
        await InsertAsync(rows, leaseUntil: DateTime.UtcNow.AddHours(1));
        await ReleaseAsync(scene);

        var pump = app.Services.GetRequiredService<ChannelInboundPump>();
        // The app's own pump is running too: three pumps at once.
        await Task.WhenAll(Task.Run(() => pump.RunOnceAsync(CancellationToken.None)), Task.Run(() => pump.RunOnceAsync(CancellationToken.None)));

        var received = await Eventually(() => ReceivedAsync(scene), r => r.All(x => x.ProcessedAt is not null));
        Assert.All(received, r => Assert.Equal(1, r.Attempts));
        Assert.Equal(12, (await scene.RowsAsync(ChannelDirection.Inbound)).Count);
        var visitor = (await scene.MessagesAsync()).Where(m => m.Sender == MessageSender.Visitor).ToList();
        Assert.Equal(12, visitor.Count);
        Assert.Equal(12, visitor.Select(m => m.ConversationId).Distinct().Count());
        var sends = await Eventually(() => Task.FromResult(scene.SendsToCustomer.Where(s => s.Status == 200).ToList()), s => s.Count >= 12);
        Assert.Equal(12, sends.Select(s => s.To).Distinct().Count());
    }

    [Fact]
    public async Task A_customers_messages_are_stored_in_the_order_they_wrote_them_whatever_order_they_arrived_in()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        // Received last first, as a provider's retries can deliver them.
        var rows = new[] { ("third", 3), ("second", 2), ("first", 1) }
            .Select((m, i) => Received(scene, m.Item1, scene.Customer, start.AddSeconds(m.Item2), receivedAt: DateTime.UtcNow.AddMilliseconds(i))).ToList();
        await InsertAsync(rows, leaseUntil: DateTime.UtcNow.AddHours(1));
        await ReleaseAsync(scene);

        await Eventually(() => ReceivedAsync(scene), r => r.All(x => x.ProcessedAt is not null));
        var visitor = (await scene.MessagesAsync()).Where(m => m.Sender == MessageSender.Visitor).OrderBy(m => m.Sequence).ToList();
        Assert.Equal(["first", "second", "third"], visitor.Select(m => m.Text));
        Assert.Single(visitor.Select(m => m.ConversationId).Distinct());
    }

    [Fact]
    public async Task A_row_whose_pump_died_is_picked_up_once_its_lease_has_passed()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var row = Received(scene, "Anyone there?", scene.Customer, DateTimeOffset.UtcNow);
        row.Attempts = 1; // claimed by a pump that then died
        await InsertAsync([row], leaseUntil: DateTime.UtcNow.AddSeconds(-1));

        await Eventually(() => ReceivedAsync(scene), r => r.Single().ProcessedAt is not null);
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        Assert.Equal("Anyone there?", (await scene.MessagesAsync()).First(m => m.Sender == MessageSender.Visitor).Text);
    }

    [Fact]
    public async Task Media_stored_by_a_pump_that_died_before_fetching_it_is_fetched_by_the_next()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var mediaId = Guid.NewGuid().ToString("N");
        app.WhatsApp.Media[mediaId] = ("image/png", Png);
        var message = new InboundChannelMessage(scene.Channel.RouteKey, WhatsAppScene.NewWamid(), scene.Customer, DateTimeOffset.UtcNow,
            InboundKind.Image, Text: "Our logo", Media: new InboundMedia(mediaId, "image/png"));
        var row = ChannelInbound.From(scene.Channel, message, DateTime.UtcNow);
        await InsertAsync([row], leaseUntil: DateTime.UtcNow.AddHours(1));
        // The dead pump got as far as storing the message (its transaction committed), not to the media.
        await app.WithScopeAsync(sp => sp.GetRequiredService<ChannelIngest>().StoreAsync(scene.Channel, message, row.Id, CancellationToken.None));
        Assert.Empty((await scene.MessagesAsync()).Single(m => m.Sender == MessageSender.Visitor).Attachments);

        await ReleaseAsync(scene, leaseUntil: DateTime.UtcNow.AddSeconds(-1));

        var photo = await Eventually(async () => (await scene.MessagesAsync()).Single(m => m.Sender == MessageSender.Visitor), m => m.Attachments.Count == 1);
        Assert.Equal("image/png", photo.Attachments[0].ContentType);
        await Eventually(() => ReceivedAsync(scene), r => r.Single().ProcessedAt is not null);
        Assert.Single(await scene.RowsAsync(ChannelDirection.Inbound));
    }

    [Fact]
    public async Task Concurrent_writes_each_learn_whether_their_own_row_was_stored()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var writer = app.Services.GetRequiredService<ChannelInboundWriter>();
        var first = Enumerable.Range(0, 20).Select(i => Received(scene, $"Question {i}", sender: $"4916{i:D8}", DateTimeOffset.UtcNow)).ToList();
        // A redelivery of every message, racing its first delivery: a new row for the same provider message id.
        var again = first.Select(r => ChannelInbound.From(scene.Channel, r.Message(), DateTime.UtcNow)).ToList();

        var writes = await Task.WhenAll(first.Concat(again).Select(row => Task.Run(async () =>
            (row, stored: await writer.InsertAsync([row])))));

        var kept = (await ReceivedAsync(scene)).Select(r => r.Id).ToHashSet();
        Assert.Equal(20, kept.Count);
        Assert.All(writes, w => Assert.Equal(kept.Contains(w.row.Id), w.stored.Contains(w.row.Id)));
        Assert.All(writes.GroupBy(w => w.row.ProviderMessageId), g => Assert.Single(g, w => w.stored.Contains(w.row.Id)));
    }

    [Fact]
    public async Task A_bad_signature_stores_no_received_row()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        var response = await scene.DeliverAsync(client.Http, scene.TextPayload("Hello?"), MetaSignature.Sign("{}"u8, scene.AppSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await ReceivedAsync(scene));
    }

    protected static ChannelInbound Received(WhatsAppScene scene, string text, string sender, DateTimeOffset sentAt, DateTime? receivedAt = null)
    {
        var message = new InboundChannelMessage(scene.Channel.RouteKey, WhatsAppScene.NewWamid(), sender, sentAt, InboundKind.Text, Text: text,
            SenderPhone: sender);
        return ChannelInbound.From(scene.Channel, message, receivedAt ?? DateTime.UtcNow);
    }

    private async Task InsertAsync(IReadOnlyList<ChannelInbound> rows, DateTime leaseUntil)
    {
        await using var db = app.Database.NewContext();
        foreach (var row in rows) row.LeaseUntil = leaseUntil;
        db.ChannelInbound.AddRange(rows);
        await db.SaveChangesAsync();
    }

    /// <summary>Lets the pumps at the scene's rows (lease gone), or sets their lease to <paramref name="leaseUntil"/>.</summary>
    private async Task ReleaseAsync(WhatsAppScene scene, DateTime? leaseUntil = null)
    {
        await using var db = app.Database.NewContext();
        await db.ChannelInbound.IgnoreQueryFilters().Where(r => r.ChannelId == scene.Channel.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, leaseUntil));
        app.Services.GetRequiredService<ChannelInboundSignal>().Wake();
    }

    protected async Task<List<ChannelInbound>> ReceivedAsync(WhatsAppScene scene)
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelInbound.IgnoreQueryFilters().AsNoTracking().Where(r => r.ChannelId == scene.Channel.Id).ToListAsync();
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}

public sealed class ChannelIngestPumpOnSqlite(SqliteWhatsAppApp app) : ChannelIngestPumpTests<SqliteWhatsAppApp>(app), IClassFixture<SqliteWhatsAppApp>;

public sealed class ChannelIngestPumpOnPostgres(PostgresWhatsAppApp fixture)
    : ChannelIngestPumpTests<PostgresWhatsAppApp>(fixture), IClassFixture<PostgresWhatsAppApp>
{
    [Fact]
    public async Task A_writer_connection_the_server_closed_is_replaced_and_the_batch_stored()
    {
        var scene = await WhatsAppScene.CreateAsync(App);
        var writer = App.Services.GetRequiredService<ChannelInboundWriter>();
        var before = Received(scene, "Before the restart", sender: "491700000001", DateTimeOffset.UtcNow);
        await writer.InsertAsync([before]);

        await using (var db = App.Database.NewContext())
        {
            var closed = await db.Database.SqlQueryRaw<bool>("""
                SELECT pg_terminate_backend(pid) AS "Value" FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'INSERT INTO "ChannelInbound"%'
                """).ToListAsync();
            Assert.Contains(true, closed);
        }
        var after = Received(scene, "After the restart", sender: "491700000001", DateTimeOffset.UtcNow);
        var stored = await writer.InsertAsync([after]);

        Assert.Contains(after.Id, stored);
        Assert.Equal([before.Id, after.Id], (await ReceivedAsync(scene)).OrderBy(r => r.ReceivedAt).Select(r => r.Id));
        // Answered before the next test, whose claimers, a minute ahead, would find a row the pump still leases.
        await WhatsAppScene.EventuallyAsync(() => ReceivedAsync(scene), rows => rows.All(r => r.ProcessedAt is not null), 30);
    }
}
