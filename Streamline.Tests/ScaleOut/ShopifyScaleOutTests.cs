using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Commerce;
using Streamline.Tests.Support;
using Xunit.Abstractions;

namespace Streamline.Tests.ScaleOut;

/// <summary>The web app with no job server of its own: every job it queues runs in a Streamline.Workers process.</summary>
public sealed class CommerceWebOnlyApp : CommerceApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Workers:InProcess"] = "false";
    }
}

/// <summary>
/// A store connected in the web app is synced by separately deployed Workers processes: they decrypt the token the web
/// app encrypted (the key ring is in the shared database), and two of them given the same store's sync twice page
/// through it once between them.
/// </summary>
public sealed class ShopifyScaleOutTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_worker_processes_sync_a_store_the_web_app_connected_once_between_them()
    {
        var clock = Stopwatch.StartNew();
        var app = new CommerceWebOnlyApp();
        var workers = new List<WorkerProcess>();
        try
        {
            await app.InitializeAsync();
            // Each answer takes a while, so the second job arrives while the first still holds the store's lease.
            app.Shopify.Latency = TimeSpan.FromMilliseconds(40);
            Guid workspaceId;
            await using (var db = app.Database.NewContext())
            {
                var workspace = new Workspace { Name = "Scale-out shop", CreatedAt = DateTime.UtcNow };
                db.Workspaces.Add(workspace);
                await db.SaveChangesAsync();
                workspaceId = workspace.Id;
            }
            var store = await app.InsertStoreAsync(workspaceId);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] web app up, store connected");

            for (var n = 1; n <= 2; n++)
            {
                var environment = ScaleOutTests.WorkerEnvironment(app.Database, app.DataDirectory, ScaleOutTests.FromAddress("shop", n));
                environment["Shopify__ApiBase"] = app.Shopify.Url;
                environment["Shopify__PageSize"] = "50";
                workers.Add(WorkerProcess.Start($"worker {n}", environment));
            }
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(90), "both worker processes register their Hangfire servers",
                async () => await ScaleOutTests.ScalarAsync(app.Database, "SELECT count(*) FROM hangfire.server") >= 2, workers);

            var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
            var storeId = store.Id;
            jobs.Enqueue<SyncShopifyStore>(j => j.RunAsync(storeId, CancellationToken.None));
            jobs.Enqueue<SyncShopifyStore>(j => j.RunAsync(storeId, CancellationToken.None));

            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(120), "the store's sync completes",
                async () => await app.StoreAsync(workspaceId) is { SyncPhase: SyncPhase.Idle, LastSyncCompletedAt: not null }, workers);
            // The recurring schedule may queue a further (incremental) sync meanwhile: every one of them must end well.
            await ScaleOutTests.WaitUntilAsync(TimeSpan.FromSeconds(60), "every sync job finishes",
                async () => await ScaleOutTests.ScalarAsync(app.Database, """
                    SELECT (count(*) FILTER (WHERE statename = 'Succeeded') >= 2
                            AND count(*) FILTER (WHERE statename NOT IN ('Succeeded', 'Deleted')) = 0)::int::bigint
                    FROM hangfire.job WHERE invocationdata::text LIKE '%SyncShopifyStore%'
                    """) == 1, workers);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] sync completed");

            var synced = await app.StoreAsync(workspaceId);
            Assert.Null(synced!.LastSyncError);
            var orders = await app.OrdersAsync(storeId);
            Assert.Equal(app.Shopify.Shop.Catalog.Orders.Count, orders.Count);
            Assert.Equal(orders.Count, orders.Select(o => o.ShopifyId).Distinct().Count());
            // The initial import's pages, each asked for once: the second job found the lease held, or a finished import.
            var initialPages = app.Shopify.Requests.Where(r => r.Operation == "Orders" && r.Query is null).ToList();
            Assert.Equal(initialPages.Count, initialPages.Select(r => r.After).Distinct().Count());
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
}
