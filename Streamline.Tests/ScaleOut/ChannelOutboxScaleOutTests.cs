using System.Diagnostics;
using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Data;
using Streamline.Tests.Channels;
using Streamline.Tests.Support;
using Xunit.Abstractions;

namespace Streamline.Tests.ScaleOut;

/// <summary>
/// A WhatsApp conversation's replies sent by two separately deployed Workers processes that both take its send jobs:
/// every part reaches the provider once, in the order the conversation reads.
/// </summary>
[Trait("Category", "ScaleOut")]
public sealed class ChannelOutboxScaleOutTests(ITestOutputHelper output)
{
    private const int Replies = 4;

    [Fact]
    public async Task Two_worker_processes_send_each_part_of_a_conversations_replies_once_and_in_order()
    {
        var clock = Stopwatch.StartNew();
        var app = new WhatsAppWebOnlyApp();
        var workers = new List<WorkerProcess>();
        try
        {
            await app.InitializeAsync();
            // Each answer takes a while, so that a second sender arrives while the first still holds a part; two parts sent
            // at once would reach the provider in either order.
            app.WhatsApp.Latency = TimeSpan.FromMilliseconds(300);
            var scene = await WhatsAppScene.CreateAsync(app);
            for (var n = 1; n <= 2; n++)
            {
                var environment = ScaleOutTests.WorkerEnvironment(app.Database, app.DataDirectory, ScaleOutTests.FromAddress("channels", n));
                environment["Channels__WhatsApp__ApiBase"] = app.WhatsApp.Url;
                environment["Channels__GraphApiVersion"] = FakeWhatsApp.Version;
                workers.Add(WorkerProcess.Start($"worker {n}", environment));
            }
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(90), "both worker processes register their Hangfire servers",
                async () => await ScaleOutTests.ScalarAsync(app.Database, "SELECT count(*) FROM hangfire.server") >= 2, workers);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] web app and workers up");

            using (var client = app.NewClient())
                Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.TextPayload("Hi, what does a website cost?"))).StatusCode);
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(60), "a worker's AI reply reaches the provider",
                () => Task.FromResult(scene.SendsToCustomer.Any(s => s.Status == 200)), workers);
            var conversationId = (await scene.MessagesAsync())[0].ConversationId;

            // A person takes over and writes long replies (two parts each) one after another, while both workers are asked to send.
            var owner = await scene.OwnerAsync();
            Assert.True((await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().TakeOverAsync(conversationId, owner))).Succeeded);
            var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
            for (var i = 1; i <= Replies; i++)
            {
                var text = $"Reply {i}: " + string.Join(" ", Enumerable.Range(1, 900).Select(w => $"r{i}w{w:0000}"));
                Assert.True((await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().ReplyAsync(conversationId, owner, text))).Succeeded);
                jobs.Enqueue<SendChannelMessages>(j => j.QueueConversationAsync(conversationId, CancellationToken.None));
                jobs.Enqueue<SendChannelMessages>(j => j.QueueConversationAsync(conversationId, CancellationToken.None));
            }

            // Two parts of each reply, after the AI's reply and the joined notice.
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(120), "every outbound part is sent", async () =>
                (await OutboundAsync(app, conversationId)) is { } rows && rows.Count(r => r.Text!.Contains("w0", StringComparison.Ordinal)) == 2 * Replies
                && rows.All(r => r.State != ChannelDeliveryState.Queued), workers);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] every part sent");

            var parts = await OutboundAsync(app, conversationId);
            Assert.True(parts.Count >= 2 + 2 * Replies, $"{parts.Count} parts");
            Assert.All(parts, r => Assert.Equal(ChannelDeliveryState.Sent, r.State));
            Assert.All(parts, r => Assert.Equal(1, r.Attempts));
            var accepted = scene.SendsToCustomer.Where(s => s.Status == 200).ToList();
            Assert.Equal(parts.Select(r => r.Text), accepted.Select(s => s.Text));
            Assert.Equal(parts.Select(r => r.ProviderMessageId), accepted.Select(s => s.MessageId));
            Assert.Equal(0, await ScaleOutTests.ScalarAsync(app.Database, "SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
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

    /// <summary>The conversation's outbound parts in the order it reads: by message, then part.</summary>
    private static async Task<List<ChannelMessage>> OutboundAsync(WhatsAppApp app, Guid conversationId)
    {
        await using var db = app.Database.NewContext();
        return await (from r in db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace)
                      join m in db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace) on r.ChatMessageId equals m.Id
                      where r.ConversationId == conversationId && r.Direction == ChannelDirection.Outbound
                      orderby m.Sequence, r.Part
                      select r).AsNoTracking().ToListAsync();
    }
}
