using System.Diagnostics;
using System.Net;
using Streamline.Core.Commerce;
using Streamline.Core.Commerce.Sandbox;

namespace Streamline.Tests.Commerce;

/// <summary>The Admin API client's pacing against the leaky bucket of a local server, without the app.</summary>
public sealed class ShopifyClientTests
{
    private static ShopifyAdminClient Client(FakeShopify shop) =>
        new(new HttpClient(), new Uri($"{shop.Url}/admin/api/{ShopifyOptions.ApiVersion}/graphql.json"), FakeShopify.Token, TimeProvider.System);

    private static async Task<int> PageAllOrdersAsync(ShopifyAdminClient client)
    {
        string? after = null;
        var count = 0;
        while (true)
        {
            var data = await client.QueryAsync("Orders", ShopifyQueries.Orders, new() { ["first"] = 100, ["after"] = after }, CancellationToken.None);
            var orders = data.GetProperty("orders");
            count += orders.GetProperty("nodes").GetArrayLength();
            if (!orders.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()) return count;
            after = orders.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }
    }

    [Fact]
    public async Task Paging_waits_for_the_bucket_as_long_as_it_needs_and_is_never_throttled()
    {
        // A bucket of 600 restoring 1,000 points/s: each page asks for 502 and spends 402, so from the second page
        // on every query must wait for the bucket.
        await using var shop = await FakeShopify.StartAsync(orders: 800, bucket: 600, restoreRate: 1000);
        var client = Client(shop);
        var clock = Stopwatch.StartNew();
        Assert.Equal(800, await PageAllOrdersAsync(client));
        clock.Stop();

        Assert.Equal(0, shop.Shop.Throttled);
        Assert.Equal(1000, client.Bucket!.RestoreRate);
        // The floor: every page but the last spent its actual cost and the last needed its requested cost in the
        // bucket; beyond the full bucket the start gave, that is refilled at the restore rate.
        var floor = TimeSpan.FromSeconds((shop.Shop.CostCharged - 402 + 502 - 600) / 1000);
        Assert.True(client.Waited <= floor * 1.02, $"waited {client.Waited}, floor {floor}"); // never longer than the bucket needs
        // Never faster than the bucket allows; how much slower depends on the machine, which the benchmark measures.
        Assert.True(clock.Elapsed >= floor * 0.98, $"took {clock.Elapsed}, floor {floor}");
    }

    [Fact]
    public async Task A_throttled_answer_is_retried_after_the_wait_its_throttle_status_calls_for()
    {
        await using var shop = await FakeShopify.StartAsync(orders: 300, bucket: 600, restoreRate: 500);
        // Another client of the same app and store emptied the bucket: this one knows nothing of it yet.
        shop.Shop.Answer("""{"operationName":"Orders","variables":{"first":100}}""");
        var client = Client(shop);
        Assert.Equal(300, await PageAllOrdersAsync(client));
        Assert.Equal(1, shop.Shop.Throttled);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_and_a_500_after_a_pause()
    {
        await using var shop = await FakeShopify.StartAsync(orders: 120);
        shop.FailNext(HttpStatusCode.TooManyRequests, "1");
        shop.FailNext(HttpStatusCode.InternalServerError);
        var client = Client(shop);
        var clock = Stopwatch.StartNew();
        Assert.Equal(120, await PageAllOrdersAsync(client));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed}");
        Assert.Equal(2 + 2, shop.Requests.Count); // two pages, each failure retried once
    }

    [Fact]
    public async Task A_refused_token_fails_at_once_with_the_reason()
    {
        await using var shop = await FakeShopify.StartAsync(orders: 10);
        var client = new ShopifyAdminClient(new HttpClient(), new Uri($"{shop.Url}/admin/api/{ShopifyOptions.ApiVersion}/graphql.json"), "shpat_wrong",
            TimeProvider.System);
        var e = await Assert.ThrowsAsync<ShopifyAuthException>(() => client.QueryAsync("Shop", ShopifyQueries.Shop, null, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, e.Status);
        Assert.Single(shop.Requests);
    }

    [Fact]
    public void Amounts_become_minor_units_of_the_shop_currency()
    {
        Assert.Equal(1999, ShopMoney.ToMinor("19.99", "USD"));
        Assert.Equal(1999, ShopMoney.ToMinor("1999", "JPY"));
        Assert.Equal(12345, ShopMoney.ToMinor("12.345", "KWD"));
        Assert.Equal("19.99", ShopMoney.ToDecimal(1999, "USD"));
        Assert.Equal("1,999 JPY", ShopMoney.Format(1999, "JPY"));
        Assert.Equal("gid://shopify/Order/5", SandboxCatalog.OrderGid(5));
    }
}
