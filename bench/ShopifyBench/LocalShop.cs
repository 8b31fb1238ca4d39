using System.Net;
using System.Text.Json.Nodes;
using Streamline.Bench.Credits;
using Streamline.Core.Commerce.Sandbox;

namespace Streamline.Bench.Shopify;

/// <summary>
/// The sandbox store's GraphQL answers (cost bucket, THROTTLED errors, <c>extensions.cost.throttleStatus</c>) behind a
/// real socket, with the access token checked, and <c>GET /stats</c> saying what the run cost.
/// </summary>
public static class LocalShop
{
    public const string Domain = "bench-shop.myshopify.com";
    public const string Token = "shpat_bench_0123456789abcdef";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var port = options.Number("port", 0);
        var catalog = SandboxCatalog.Generate(Domain, "Bench Shop", options.Number("orders", 10_000), options.Number("customers", 2_000),
            options.Number("products", 200), DateTime.UtcNow, seed: 11);
        var shop = new SandboxShop(catalog, options.Number("bucket", 2_000), options.Number("restore", 100));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/admin/api/{version}/graphql.json", async (HttpRequest request) =>
        {
            if (request.Headers["X-Shopify-Access-Token"] != Token) return Results.Unauthorized();
            using var reader = new StreamReader(request.Body);
            return Results.Content(shop.Answer(await reader.ReadToEndAsync()), "application/json");
        });
        app.MapGet("/stats", () => Results.Json(new JsonObject
        {
            ["queries"] = shop.Queries,
            ["throttled"] = shop.Throttled,
            ["costCharged"] = shop.CostCharged,
            ["restoreRate"] = shop.RestoreRate,
            ["bucketSize"] = shop.BucketSize,
        }));
        await app.StartAsync();
        Console.WriteLine($"shop ready: {catalog.Orders.Count} orders, {catalog.Customers.Count} customers, {catalog.Products.Count} products," +
                          $" bucket {shop.BucketSize}, restoring {shop.RestoreRate} points/s");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
