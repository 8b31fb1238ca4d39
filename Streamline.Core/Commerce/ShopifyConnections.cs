using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Streamline.Core.Commerce.Sandbox;
using Streamline.Core.Data;

namespace Streamline.Core.Commerce;

public sealed record ConnectResult(ShopifyStore? Store, string? Error)
{
    public static ConnectResult Fail(string error) => new(null, error);
}

/// <summary>Connects a workspace's store (the demo store, a pasted Admin API token) and disconnects it, keeping its data read-only.</summary>
public sealed partial class ShopifyConnections(
    StreamlineDbContext db, ShopifyClients clients, ShopifyTokens tokens, IBackgroundJobClient jobs, IHostEnvironment env, TimeProvider clock)
{
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9\-_]*\.myshopify\.com$")]
    private static partial Regex ShopDomainPattern();

    /// <summary>Demo stores are refused in Production, like sandbox payments: their orders are invented.</summary>
    public bool SandboxAllowed => !env.IsProduction();

    /// <summary>
    /// <c>name</c>, <c>name.myshopify.com</c> or an admin URL as <c>name.myshopify.com</c>; null unless it is a
    /// myshopify.com domain (the only host Shopify serves the Admin API and OAuth from).
    /// </summary>
    public static string? NormalizeShopDomain(string? input)
    {
        var text = input?.Trim().ToLowerInvariant() ?? "";
        if (text.StartsWith("https://", StringComparison.Ordinal)) text = text[8..];
        else if (text.StartsWith("http://", StringComparison.Ordinal)) text = text[7..];
        text = text.Split('/', 2)[0];
        if (text.Length > 0 && !text.Contains('.')) text += ".myshopify.com";
        return text.Length <= 255 && ShopDomainPattern().IsMatch(text) ? text : null;
    }

    public Task<ShopifyStore?> CurrentAsync(Guid workspaceId, CancellationToken ct) =>
        db.ShopifyStores.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).OrderByDescending(s => s.ConnectedAt).FirstOrDefaultAsync(ct);

    public async Task<ConnectResult> ConnectSandboxAsync(Guid workspaceId, CancellationToken ct)
    {
        if (!SandboxAllowed) return ConnectResult.Fail("The demo store is not available on this server.");
        var domain = $"streamline-demo-{workspaceId.ToString("N")[..12]}.myshopify.com";
        var shop = await ReadShopAsync(clients.ForSandbox(domain), ct);
        return await SaveAsync(workspaceId, domain, shop, ciphertext: null, sandbox: true, ct);
    }

    public async Task<ConnectResult> ConnectWithTokenAsync(Guid workspaceId, string? shopInput, string? token, CancellationToken ct)
    {
        if (NormalizeShopDomain(shopInput) is not { } domain) return ConnectResult.Fail("Enter your store's address, such as your-store.myshopify.com.");
        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length > 500 || token.Any(char.IsWhiteSpace))
            return ConnectResult.Fail("Paste the Admin API access token of your store's custom app (it starts with shpat_).");

        ShopInfo shop;
        try
        {
            shop = await ReadShopAsync(clients.ForToken(domain, token), ct);
        }
        catch (ShopifyAuthException e)
        {
            return ConnectResult.Fail(e.Message);
        }
        catch (Exception e) when (e is ShopifyApiException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                      or KeyNotFoundException or InvalidOperationException)
        {
            return ConnectResult.Fail($"{domain} did not answer as a Shopify store. Check the address and try again.");
        }
        return await SaveAsync(workspaceId, domain, shop, tokens.Protect(token), sandbox: false, ct);
    }

    /// <summary>The OAuth install's last step: the token Shopify issued for the code, checked with a call to the shop like a pasted one.</summary>
    public async Task<ConnectResult> ConnectWithOAuthAsync(Guid workspaceId, string shopDomain, ShopifyTokenSet tokenSet, DateTime? expiresAt, CancellationToken ct)
    {
        ShopInfo shop;
        try
        {
            shop = await ReadShopAsync(clients.ForToken(shopDomain, tokenSet.AccessToken), ct);
        }
        catch (Exception e) when (e is ShopifyApiException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                      or KeyNotFoundException or InvalidOperationException)
        {
            return ConnectResult.Fail($"{shopDomain} did not answer with the token it issued. Try installing again.");
        }
        var result = await SaveAsync(workspaceId, shopDomain, shop, tokens.Protect(tokenSet.AccessToken), sandbox: false, ct,
            tokenSet.RefreshToken is { } refresh ? tokens.Protect(refresh) : null, expiresAt);
        return result;
    }

    /// <summary>Forgets the token and stops syncing; the orders, customers and products stay, read-only.</summary>
    public async Task<bool> DisconnectAsync(Guid workspaceId, Guid storeId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Scoped by the workspace id given, not the request's: app/uninstalled disconnects from a background job.
        return await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(s => s.Id == storeId && s.WorkspaceId == workspaceId && s.Connection == StoreConnection.Connected)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Connection, StoreConnection.Disconnected)
                .SetProperty(s => s.AccessTokenCiphertext, (string?)null)
                .SetProperty(s => s.RefreshTokenCiphertext, (string?)null)
                .SetProperty(s => s.DisconnectedAt, now)
                .SetProperty(s => s.SyncPhase, SyncPhase.Idle)
                .SetProperty(s => s.SyncCursor, (string?)null)
                .SetProperty(s => s.SyncLeaseOwner, (Guid?)null)
                .SetProperty(s => s.SyncLeaseUntil, (DateTime?)null), ct) == 1;
    }

    public void SyncLater(Guid storeId) => jobs.Enqueue<SyncShopifyStore>(j => j.RunAsync(storeId, CancellationToken.None));

    private sealed record ShopInfo(string Name, string Currency);

    private static async Task<ShopInfo> ReadShopAsync(ShopifyAdminClient client, CancellationToken ct)
    {
        var data = await client.QueryAsync("Shop", ShopifyQueries.Shop, null, ct);
        var shop = data.GetProperty("shop");
        return new ShopInfo(ShopifyQueries.Str(shop, "name") ?? "Shopify store", ShopifyQueries.Str(shop, "currencyCode") ?? "USD");
    }

    private async Task<ConnectResult> SaveAsync(Guid workspaceId, string domain, ShopInfo shop, string? ciphertext, bool sandbox, CancellationToken ct,
        string? refreshCiphertext = null, DateTime? expiresAt = null)
    {
        var store = await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).SingleOrDefaultAsync(s => s.ShopDomain == domain, ct);
        if (store is not null && store.WorkspaceId != workspaceId)
            return ConnectResult.Fail("That store is connected to another workspace. Disconnect it there first.");
        var other = await db.ShopifyStores.AnyAsync(s => s.WorkspaceId == workspaceId && s.ShopDomain != domain && s.Connection == StoreConnection.Connected, ct);
        if (other) return ConnectResult.Fail("Disconnect the store that is connected now before connecting another.");

        if (store is null)
        {
            store = new ShopifyStore { WorkspaceId = workspaceId, ShopDomain = domain };
            db.ShopifyStores.Add(store);
        }
        store.Name = shop.Name.Length <= 255 ? shop.Name : shop.Name[..255];
        store.Currency = shop.Currency.Length == 3 ? shop.Currency.ToUpperInvariant() : "USD";
        store.IsSandbox = sandbox;
        store.AccessTokenCiphertext = ciphertext;
        store.RefreshTokenCiphertext = refreshCiphertext;
        store.AccessTokenExpiresAt = expiresAt;
        store.Connection = StoreConnection.Connected;
        store.ConnectedAt = clock.GetUtcNow().UtcDateTime;
        store.DisconnectedAt = null;
        store.LastSyncError = null;
        // A run paused after a refused token may start again at once with the new one.
        store.SyncLeaseOwner = null;
        store.SyncLeaseUntil = null;
        await db.SaveChangesAsync(ct);
        SyncLater(store.Id);
        return new ConnectResult(store, null);
    }
}
