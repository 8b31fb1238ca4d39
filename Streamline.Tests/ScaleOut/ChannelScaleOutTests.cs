using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Tests.Channels;
using Xunit.Abstractions;

namespace Streamline.Tests.ScaleOut;

/// <summary>The WhatsApp app with no background work of its own: its webhooks' messages are answered by Workers processes.</summary>
public sealed class WhatsAppWebOnlyApp : WhatsAppApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Workers:InProcess"] = "false";
    }
}

/// <summary>
/// Webhooks received by the web app are answered by two separately deployed Workers processes, whose pumps race for the
/// same received rows: each message, delivered twice at once, is stored once, claimed once, answered, and each
/// customer's messages land in the order they were written.
/// </summary>
[Trait("Category", "ScaleOut")]
public sealed class ChannelScaleOutTests(ITestOutputHelper output)
{
    private const int Customers = 8;
    private const int MessagesEach = 3;

    [Fact]
    public async Task Two_worker_processes_answer_every_webhook_message_once_in_each_customers_order()
    {
        var clock = Stopwatch.StartNew();
        var app = new WhatsAppWebOnlyApp();
        var workers = new List<WorkerProcess>();
        try
        {
            await app.InitializeAsync();
            var scene = await WhatsAppScene.CreateAsync(app);
            for (var n = 1; n <= 2; n++)
            {
                var environment = ScaleOutTests.WorkerEnvironment(app.Database, app.DataDirectory, ScaleOutTests.FromAddress("channels", n));
                environment["Channels__WhatsApp__ApiBase"] = app.WhatsApp.Url;
                environment["Channels__GraphApiVersion"] = FakeWhatsApp.Version;
                // All the messages below are delivered at once, so a customer's earlier message can land after a later one,
                // by as much as the web app takes to take in the whole burst on a loaded machine: they settle for a second.
                environment["Channels__PumpSettleMs"] = "1000";
                workers.Add(WorkerProcess.Start($"worker {n}", environment));
            }
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(90), "both worker processes register their Hangfire servers",
                async () => await ScaleOutTests.ScalarAsync(app.Database, "SELECT count(*) FROM hangfire.server") >= 2, workers);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] web app and two workers up");

            var start = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
            var payloads = (from c in Enumerable.Range(0, Customers)
                            from k in Enumerable.Range(0, MessagesEach)
                            select scene.Payload(new JsonObject
                            {
                                ["from"] = Customer(c), ["id"] = WhatsAppScene.NewWamid(), ["type"] = "text",
                                ["timestamp"] = (start + k).ToString(CultureInfo.InvariantCulture),
                                ["text"] = new JsonObject { ["body"] = $"customer {c} message {k}" },
                            })).ToList();
            using var client = app.NewClient();
            var responses = await Task.WhenAll(payloads.Concat(payloads).Select(p => scene.DeliverAsync(client.Http, p)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

            var total = Customers * MessagesEach;
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(120), $"all {total} received messages are processed", async () =>
                await ScaleOutTests.ScalarAsync(app.Database,
                    $"SELECT count(*) FROM \"ChannelInbound\" WHERE \"ChannelId\" = '{scene.Channel.Id}' AND \"ProcessedAt\" IS NOT NULL") == total, workers);
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(60), "every message is answered on WhatsApp",
                () => Task.FromResult(scene.SendsToCustomer.Count(s => s.Status == 200) >= total), workers);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] all answered");

            await using var db = app.Database.NewContext();
            var received = await db.ChannelInbound.IgnoreQueryFilters().AsNoTracking().Where(r => r.ChannelId == scene.Channel.Id).ToListAsync();
            Assert.Equal(total, received.Count);
            Assert.All(received, r => Assert.Equal(1, r.Attempts));
            Assert.Equal(total, (await scene.RowsAsync(ChannelDirection.Inbound)).Count);
            var visitor = (await scene.MessagesAsync()).Where(m => m.Sender == MessageSender.Visitor).ToList();
            Assert.Equal(total, visitor.Count);
            foreach (var conversation in visitor.GroupBy(m => m.ConversationId))
            {
                var texts = conversation.OrderBy(m => m.Sequence).Select(m => m.Text!).ToList();
                Assert.Equal(Enumerable.Range(0, MessagesEach).Select(k => $"{texts[0][..^1]}{k}"), texts);
            }
            Assert.Equal(Customers, visitor.Select(m => m.ConversationId).Distinct().Count());
        }
        catch (Exception ex) when (workers.Count > 0 && ex is not ScaleOutTests.WorkerFailure)
        {
            throw new ScaleOutTests.WorkerFailure($"{ex.Message}\n\n{string.Join("\n", workers.Select(w => w.Describe()))}", ex);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private static string Customer(int index) => "4917" + index.ToString("D8", CultureInfo.InvariantCulture);
}
