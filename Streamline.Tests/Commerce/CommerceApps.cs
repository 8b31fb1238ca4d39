using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Tests.Email;
using Streamline.Tests.Support;

namespace Streamline.Tests.Commerce;

/// <summary>The app with <c>Shopify:ApiBase</c> pointing at a <see cref="FakeShopify"/> started with it.</summary>
public abstract class CommerceApp : StreamlineApp
{
    public const string WebhookSecret = "shpss_test_3f1c9a7b2e";
    public const string OldWebhookSecret = "shpss_test_old_8d2a";
    public const string ClientId = "client_test_4b7e";

    public FakeShopify Shopify { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Shopify = await FakeShopify.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Shopify:ApiBase"] = Shopify.Url;
        settings["Shopify:PageSize"] = "50";
        settings["Shopify:ClientId"] = ClientId;
        settings["Shopify:ClientSecret"] = WebhookSecret;
        settings["Shopify:PreviousClientSecret"] = OldWebhookSecret;
    }

    public async Task<Guid> WorkspaceIdAsync(string name)
    {
        await using var db = Database.NewContext();
        return await db.Workspaces.Where(w => w.Name == name).Select(w => w.Id).SingleAsync();
    }

    public async Task<ShopifyStore?> StoreAsync(Guid workspaceId)
    {
        await using var db = Database.NewContext();
        return await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId);
    }

    /// <summary>A connected store of the fake shop, written straight to the database so no sync is queued for it.</summary>
    public async Task<ShopifyStore> InsertStoreAsync(Guid workspaceId, string domain = FakeShopify.Domain)
    {
        var tokens = Services.GetRequiredService<ShopifyTokens>();
        var store = new ShopifyStore
        {
            WorkspaceId = workspaceId, ShopDomain = domain, Name = "Fake Shop", Currency = "USD",
            AccessTokenCiphertext = tokens.Protect(FakeShopify.Token), ConnectedAt = DateTime.UtcNow,
        };
        await using var db = Database.NewContext();
        db.ShopifyStores.Add(store);
        await db.SaveChangesAsync();
        return store;
    }

    public Task<SyncOutcome> SyncAsync(Guid storeId, CancellationToken ct = default) =>
        WithScopeAsync(sp => sp.GetRequiredService<ShopifySync>().RunAsync(storeId, ct));

    public async Task WaitForSyncAsync(Guid workspaceId, int seconds = 60) =>
        await Poll.UntilAsync(async () => await StoreAsync(workspaceId) is { SyncPhase: SyncPhase.Idle, LastSyncCompletedAt: not null },
            seconds, "the store's sync did not finish");

    public async Task<List<CommerceOrder>> OrdersAsync(Guid storeId)
    {
        await using var db = Database.NewContext();
        return await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(o => o.StoreId == storeId).ToListAsync();
    }

    /// <summary>WebApplicationFactory's DisposeAsync ends here once the app has stopped.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Shopify?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

public sealed class CommerceSqliteApp : CommerceApp;

public sealed class CommercePostgresApp : CommerceApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
