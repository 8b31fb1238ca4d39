using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Commerce;
using Streamline.Core.Commerce.Sandbox;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Commerce;

/// <summary>The sync against a local server speaking the Admin GraphQL API, on each tested database.</summary>
public abstract class ShopifySyncTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : CommerceApp
{
    private async Task<(AppClient Client, Guid WorkspaceId)> OwnerAsync()
    {
        var name = $"Shop {Guid.NewGuid():N}";
        var (client, _) = await AppClient.SignedInUserAsync(app, workspace: name);
        return (client, await app.WorkspaceIdAsync(name));
    }

    [Fact]
    public async Task A_pasted_token_is_checked_with_the_shop_kept_encrypted_and_the_whole_store_syncs()
    {
        var (client, workspaceId) = await OwnerAsync();
        var domain = $"tok-{Guid.NewGuid():N}"[..20];
        (await client.PostFormAsync("/commerce", new Dictionary<string, string> { ["ShopDomain"] = domain, ["AccessToken"] = FakeShopify.Token },
            "/commerce/Token")).EnsureRedirect("/commerce");

        await app.WaitForSyncAsync(workspaceId);
        var store = (await app.StoreAsync(workspaceId))!;
        Assert.Equal($"{domain}.myshopify.com", store.ShopDomain);
        Assert.DoesNotContain(FakeShopify.Token, store.AccessTokenCiphertext);
        Assert.Equal(FakeShopify.Token, app.Services.GetRequiredService<ShopifyTokens>().Unprotect(store.AccessTokenCiphertext!));
        var orders = await app.OrdersAsync(store.Id);
        Assert.Equal(app.Shopify.Shop.Catalog.Orders.Count, orders.Count);
        var sample = app.Shopify.Shop.Catalog.Orders[3];
        var stored = orders.Single(o => o.ShopifyId == SandboxCatalog.OrderGid(sample.Id));
        Assert.Equal(app.Shopify.Shop.Catalog.Total(sample), stored.TotalMinor);
        Assert.Equal(sample.Number, stored.Number);

        var page = await client.GetDocumentAsync("/commerce");
        Assert.NotNull(page.QuerySelector($"#orders-table tr[data-order='#{app.Shopify.Shop.Catalog.Orders[^1].Number}']"));
    }

    [Fact]
    public async Task Orders_filter_and_export_and_another_workspace_gets_404_for_every_one_of_them()
    {
        var (client, workspaceId) = await OwnerAsync();
        var store = await app.InsertStoreAsync(workspaceId, $"csv-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        Assert.Equal(SyncOutcome.Completed, await app.SyncAsync(store.Id));
        var refunded = app.Shopify.Shop.Catalog.Orders.Count(o => o.Financial == "refunded");

        var csv = await client.Http.GetAsync("/commerce/Csv?financial=refunded");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(refunded + 1, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",refunded,", l));

        var page = await client.GetDocumentAsync("/commerce?financial=refunded");
        Assert.Contains($"{refunded} orders", page.QuerySelector("#orders-summary")!.TextContent);
        var bad = await client.Http.GetAsync("/commerce?min=lots&financial=stolen");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Enter an amount", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/commerce/Csv?min=lots")).StatusCode);

        var order = (await app.OrdersAsync(store.Id))[0];
        await using var db = app.Database.NewContext();
        var customer = await db.CommerceCustomers.IgnoreQueryFilters(QueryFilters.Workspace).FirstAsync(c => c.StoreId == store.Id);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/commerce/orders/{order.Id}")).StatusCode);

        var (stranger, _) = await OwnerAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/commerce/orders/{order.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/commerce/customers/{customer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync("/commerce/Csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync("/commerce/Progress")).StatusCode);
        var token = await stranger.AntiforgeryTokenAsync("/commerce");
        var disconnect = await stranger.Http.PostAsync($"/commerce/Disconnect?storeId={store.Id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, disconnect.StatusCode);
        Assert.Equal(StoreConnection.Connected, (await app.StoreAsync(workspaceId))!.Connection);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_a_reason_and_nothing_is_stored()
    {
        var (client, workspaceId) = await OwnerAsync();
        var response = await client.PostFormAsync("/commerce", new Dictionary<string, string>
        {
            ["ShopDomain"] = "wrong-token.myshopify.com", ["AccessToken"] = "shpat_not_the_right_one",
        }, "/commerce/Token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("refused the access token", page.QuerySelector("#connect-error")!.TextContent);
        Assert.Null(await app.StoreAsync(workspaceId));
    }

    [Fact]
    public async Task A_shop_address_that_is_not_a_myshopify_domain_is_refused_without_calling_anyone()
    {
        var (client, workspaceId) = await OwnerAsync();
        var before = app.Shopify.Requests.Count;
        var response = await client.PostFormAsync("/commerce", new Dictionary<string, string>
        {
            ["ShopDomain"] = "evil.example.com/admin", ["AccessToken"] = FakeShopify.Token,
        }, "/commerce/Token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("myshopify.com", (await AppClient.ParseAsync(response)).QuerySelector("#connect-error")!.TextContent);
        Assert.Equal(before, app.Shopify.Requests.Count);
        Assert.Null(await app.StoreAsync(workspaceId));
    }

    [Fact]
    public async Task A_run_stopped_mid_way_resumes_after_its_last_page_and_stores_each_order_once()
    {
        var (_, workspaceId) = await OwnerAsync();
        var store = await app.InsertStoreAsync(workspaceId, $"crash-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        using var crash = new CancellationTokenSource();
        app.Shopify.OnOrdersPage = n => { if (n == 3) crash.Cancel(); };
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.SyncAsync(store.Id, crash.Token));
        }
        finally
        {
            app.Shopify.OnOrdersPage = null;
        }

        var halfway = (await app.StoreAsync(workspaceId))!;
        Assert.Equal(SyncPhase.Orders, halfway.SyncPhase);
        Assert.NotNull(halfway.SyncCursor);
        var storedBefore = (await app.OrdersAsync(store.Id)).Count;
        Assert.Equal(100, storedBefore); // two pages of 50 committed, the third never

        // While the crashed run's lease lasts nobody else starts; once it has run out the next run resumes.
        Assert.Equal(SyncOutcome.Busy, await app.SyncAsync(store.Id));
        await using (var db = app.Database.NewContext())
            await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.Id == store.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.SyncLeaseUntil, DateTime.UtcNow.AddSeconds(-1)));
        var requestsBefore = app.Shopify.Requests.Count;
        Assert.Equal(SyncOutcome.Completed, await app.SyncAsync(store.Id));

        var resumed = app.Shopify.Requests.Skip(requestsBefore).ToList();
        Assert.All(resumed, r => Assert.Equal("Orders", r.Operation));
        Assert.Equal(halfway.SyncCursor, resumed[0].After);
        var orders = await app.OrdersAsync(store.Id);
        Assert.Equal(app.Shopify.Shop.Catalog.Orders.Count, orders.Count);
        Assert.Equal(orders.Count, orders.Select(o => o.ShopifyId).Distinct().Count());
        var done = (await app.StoreAsync(workspaceId))!;
        Assert.Equal(app.Shopify.Shop.Catalog.Orders.Count, done.RunOrdersSynced);
        Assert.Null(done.SyncLeaseUntil);
    }

    [Fact]
    public async Task A_refused_token_stops_the_run_with_its_reason_and_it_is_not_retried_for_an_hour()
    {
        var (_, workspaceId) = await OwnerAsync();
        var store = await app.InsertStoreAsync(workspaceId, $"revoked-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        var revoked = app.Services.GetRequiredService<ShopifyTokens>().Protect("shpat_revoked");
        await using (var db = app.Database.NewContext())
            await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.Id == store.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.AccessTokenCiphertext, revoked));

        Assert.Equal(SyncOutcome.Failed, await app.SyncAsync(store.Id));
        var failed = (await app.StoreAsync(workspaceId))!;
        Assert.Contains("refused the access token", failed.LastSyncError);
        Assert.True(failed.SyncLeaseUntil > DateTime.UtcNow.AddMinutes(50));
        var before = app.Shopify.Requests.Count;
        Assert.Equal(SyncOutcome.Busy, await app.SyncAsync(store.Id));
        Assert.Equal(before, app.Shopify.Requests.Count);
    }

    [Fact]
    public async Task Two_runs_of_one_store_at_once_page_through_it_once()
    {
        var (_, workspaceId) = await OwnerAsync();
        var store = await app.InsertStoreAsync(workspaceId, $"twice-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        var before = app.Shopify.Requests.Count;
        // Slow answers make the runs overlap for certain.
        app.Shopify.Latency = TimeSpan.FromMilliseconds(100);
        SyncOutcome[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(app.SyncAsync(store.Id), app.SyncAsync(store.Id), app.SyncAsync(store.Id));
        }
        finally
        {
            app.Shopify.Latency = TimeSpan.Zero;
        }
        Assert.Equal(1, outcomes.Count(o => o == SyncOutcome.Completed));
        Assert.Equal(2, outcomes.Count(o => o == SyncOutcome.Busy));
        Assert.Equal(1, app.Shopify.Requests.Skip(before).Count(r => r.Operation == "OrdersCount"));
        Assert.Equal(app.Shopify.Shop.Catalog.Orders.Count, (await app.OrdersAsync(store.Id)).Count);
    }

    [Fact]
    public async Task The_next_run_asks_only_for_changes_and_an_older_copy_never_overwrites_a_newer_one()
    {
        var (_, workspaceId) = await OwnerAsync();
        var store = await app.InsertStoreAsync(workspaceId, $"incr-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        Assert.Equal(SyncOutcome.Completed, await app.SyncAsync(store.Id));

        var catalog = app.Shopify.Shop.Catalog;
        var target = catalog.Orders[10];
        var gid = SandboxCatalog.OrderGid(target.Id);
        // A newer copy already stored (as a webhook would leave it) must survive the sync's older page.
        await using (var db = app.Database.NewContext())
            await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).Where(o => o.StoreId == store.Id && o.ShopifyId == gid)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.UpdatedAt, DateTime.UtcNow.AddDays(1)).SetProperty(o => o.FinancialStatus, "refunded"));

        var before = app.Shopify.Requests.Count;
        await using (var db = app.Database.NewContext())
            await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.Id == store.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSyncCompletedAt, DateTime.UtcNow.AddHours(-1)));
        Assert.Equal(SyncOutcome.Completed, await app.SyncAsync(store.Id));
        var incremental = app.Shopify.Requests.Skip(before).Where(r => r.Operation == "Orders").ToList();
        Assert.All(incremental, r => Assert.StartsWith("updated_at:>='", r.Query));

        var stored = (await app.OrdersAsync(store.Id)).Single(o => o.ShopifyId == gid);
        Assert.Equal("refunded", stored.FinancialStatus);
    }
}

public sealed class ShopifySyncTestsOnSqlite(CommerceSqliteApp app) : ShopifySyncTests<CommerceSqliteApp>(app);

public sealed class ShopifySyncTestsOnPostgres(CommercePostgresApp app) : ShopifySyncTests<CommercePostgresApp>(app);
