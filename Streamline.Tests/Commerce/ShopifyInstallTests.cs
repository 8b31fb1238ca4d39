using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Commerce;

/// <summary>The OAuth install (authorization code grant) against the local server, and the expiring token's renewal.</summary>
public abstract class ShopifyInstallTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : CommerceApp
{
    private async Task<(AppClient Client, Guid WorkspaceId, string Shop, string State)> StartAsync()
    {
        var name = $"Install {Guid.NewGuid():N}";
        var (client, _) = await AppClient.SignedInUserAsync(app, workspace: name);
        var shop = $"inst-{Guid.NewGuid():N}"[..18] + ".myshopify.com";
        var response = await client.PostFormAsync("/commerce", new Dictionary<string, string> { ["ShopDomain"] = shop }, "/commerce/Install");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var authorize = response.Headers.Location!;
        Assert.Equal($"https://{shop}/admin/oauth/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(CommerceApp.ClientId, query["client_id"]);
        Assert.Equal(ShopifyOAuth.Scopes, query["scope"]);
        Assert.Equal("https://localhost/commerce/oauth/callback", query["redirect_uri"]);
        return (client, await app.WorkspaceIdAsync(name), shop, query["state"]!);
    }

    /// <summary>The callback URL as Shopify builds it: the parameters, and their hex HMAC sorted by name.</summary>
    private static string Callback(string shop, string state, string code = FakeShopify.Code, DateTimeOffset? at = null, string secret = CommerceApp.WebhookSecret)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["code"] = code, ["host"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin.shopify.com/store/{shop}")), ["shop"] = shop, ["state"] = state,
            ["timestamp"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(),
        };
        var message = string.Join('&', parameters.Select(p => $"{p.Key}={p.Value}"));
        var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
        return "/commerce/oauth/callback?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")) + $"&hmac={hmac}";
    }

    [Fact]
    public async Task An_install_with_a_genuine_callback_stores_an_expiring_token_and_syncs()
    {
        var (client, workspaceId, shop, state) = await StartAsync();
        var done = await client.Http.GetAsync(Callback(shop, state));
        done.EnsureRedirect("/commerce");

        var store = (await app.StoreAsync(workspaceId))!;
        Assert.Equal(shop, store.ShopDomain);
        Assert.NotNull(store.RefreshTokenCiphertext);
        Assert.InRange(store.AccessTokenExpiresAt!.Value, DateTime.UtcNow.AddMinutes(55), DateTime.UtcNow.AddMinutes(61));
        Assert.Contains(app.Shopify.TokenRequests, r => r.GetValueOrDefault("code") == FakeShopify.Code && r.GetValueOrDefault("expiring") == "1");
        await app.WaitForSyncAsync(workspaceId);
    }

    [Fact]
    public async Task A_forged_stale_or_replayed_callback_connects_nothing()
    {
        var (client, workspaceId, shop, state) = await StartAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync(Callback(shop, state, secret: "shpss_forger"))).StatusCode);

        (_, workspaceId, shop, state) = await StartAsyncFor(client, workspaceId);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync(Callback(shop, state, at: DateTimeOffset.UtcNow.AddMinutes(-5)))).StatusCode);

        (_, workspaceId, shop, state) = await StartAsyncFor(client, workspaceId);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync(Callback(shop, "not-the-state"))).StatusCode);
        // The state was used up by that attempt: the right one no longer works either.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync(Callback(shop, state))).StatusCode);

        (_, workspaceId, shop, state) = await StartAsyncFor(client, workspaceId);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync(Callback("other-shop.myshopify.com", state))).StatusCode);
        Assert.Null(await app.StoreAsync(workspaceId));
    }

    private async Task<(AppClient, Guid, string, string)> StartAsyncFor(AppClient client, Guid workspaceId)
    {
        var shop = $"inst-{Guid.NewGuid():N}"[..18] + ".myshopify.com";
        var response = await client.PostFormAsync("/commerce", new Dictionary<string, string> { ["ShopDomain"] = shop }, "/commerce/Install");
        return (client, workspaceId, shop, HttpUtility.ParseQueryString(response.Headers.Location!.Query)["state"]!);
    }

    [Fact]
    public async Task A_token_about_to_lapse_is_renewed_with_its_refresh_token_before_the_sync_pages()
    {
        var (client, workspaceId, shop, state) = await StartAsync();
        (await client.Http.GetAsync(Callback(shop, state))).EnsureRedirect("/commerce");
        await app.WaitForSyncAsync(workspaceId);
        var store = (await app.StoreAsync(workspaceId))!;
        await using (var db = app.Database.NewContext())
            await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.Id == store.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.AccessTokenExpiresAt, DateTime.UtcNow.AddMinutes(2)));

        var before = app.Shopify.TokenRequests.Count;
        Assert.Equal(SyncOutcome.Completed, await app.SyncAsync(store.Id));
        var refresh = Assert.Single(app.Shopify.TokenRequests.Skip(before));
        Assert.Equal("refresh_token", refresh["grant_type"]);
        var renewed = (await app.StoreAsync(workspaceId))!;
        Assert.True(renewed.AccessTokenExpiresAt > DateTime.UtcNow.AddMinutes(50));
        Assert.NotEqual(store.RefreshTokenCiphertext, renewed.RefreshTokenCiphertext);
    }
}

public sealed class ShopifyInstallTestsOnSqlite(CommerceSqliteApp app) : ShopifyInstallTests<CommerceSqliteApp>(app);

public sealed class ShopifyInstallTestsOnPostgres(CommercePostgresApp app) : ShopifyInstallTests<CommercePostgresApp>(app);
