using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Bench.Credits;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Bench.Shopify;

/// <summary>
/// Connects a workspace to the local shop with a pasted token and runs the initial import as the Workers process would
/// (<see cref="SyncShopifyStore"/>, one run, checkpoints and all), timing it and sampling this process's resident memory.
/// The floor is what the shop's rate limit allows: the points all the queries cost, at the restore rate the shop reports.
/// </summary>
public static class SyncRun
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var shopUrl = options.Text("shop").TrimEnd('/');
        Environment.SetEnvironmentVariable("Shopify__ApiBase", shopUrl);
        using var host = BenchServices.Build();
        var services = host.Services;
        await DatabaseMigrator.MigrateAsync(services);

        Guid storeId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
            var workspace = new Workspace { Name = "Bench shop owner", CreatedAt = DateTime.UtcNow };
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
            var connected = await scope.ServiceProvider.GetRequiredService<ShopifyConnections>()
                .ConnectWithTokenAsync(workspace.Id, LocalShop.Domain, LocalShop.Token, CancellationToken.None);
            storeId = connected.Store?.Id ?? throw new InvalidOperationException($"connect failed: {connected.Error}");
        }

        using var http = new HttpClient();
        var before = await StatsAsync(http, shopUrl);
        var peak = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var clock = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SyncShopifyStore>().RunAsync(storeId, CancellationToken.None);
        var wall = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;

        var after = await StatsAsync(http, shopUrl);
        int orders;
        string? error;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
            orders = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(o => o.StoreId == storeId);
            error = (await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(s => s.Id == storeId)).LastSyncError;
        }
        if (error is not null) Console.Error.WriteLine($"sync error: {error}");

        var cost = after["costCharged"]!.GetValue<double>() - before["costCharged"]!.GetValue<double>();
        var restore = after["restoreRate"]!.GetValue<double>();
        var floor = TimeSpan.FromSeconds(cost / restore);
        var queries = after["queries"]!.GetValue<int>() - before["queries"]!.GetValue<int>();
        var throttled = after["throttled"]!.GetValue<int>() - before["throttled"]!.GetValue<int>();
        Console.WriteLine($"orders synced        {orders}");
        Console.WriteLine($"queries              {queries} ({throttled} throttled)");
        Console.WriteLine($"points charged       {cost:0} at {restore:0} points/s");
        Console.WriteLine($"floor                {floor.TotalSeconds:0.0} s");
        Console.WriteLine($"wall                 {wall.TotalSeconds:0.0} s");
        Console.WriteLine($"wall / floor         {wall / floor:0.000}   (goal <= 1.2)");
        // The bucket starts full, so a perfect client spends its first fill at once and waits only for the rest.
        var paced = TimeSpan.FromSeconds(Math.Max(0, cost - after["bucketSize"]!.GetValue<double>()) / restore);
        Console.WriteLine($"wall / paced floor   {wall / paced:0.000}   (the floor less the bucket's first fill, {paced.TotalSeconds:0.0} s)");
        Console.WriteLine($"peak RSS             {peak / (1024 * 1024)} MB   (goal < 300 MB)");
        return error is null ? 0 : 1;
    }

    private static async Task<JsonObject> StatsAsync(HttpClient http, string shopUrl) =>
        await http.GetFromJsonAsync<JsonObject>($"{shopUrl}/stats") ?? throw new InvalidOperationException("the shop sent no stats");
}
