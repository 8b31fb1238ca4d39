using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;

namespace Streamline.Core.Commerce;

public sealed record ShopifyTokenSet(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);

/// <summary>
/// Shopify's authorization code grant: the authorize URL with a state nonce, the callback's checks (shop domain, state,
/// hex HMAC of the other parameters sorted by name, a timestamp no more than 90 s off), the code exchanged for an
/// expiring offline token, and that token renewed with its refresh token before it lapses.
/// </summary>
public sealed class ShopifyOAuth(StreamlineDbContext db, IOptions<ShopifyOptions> options, ShopifyTokens tokens, TimeProvider clock)
{
    public const string Scopes = "read_orders,read_customers,read_products";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(90);

    /// <summary>Renewed when less than this is left, so a sync page never starts with a token about to lapse.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public bool Enabled => options.Value.OAuthEnabled;

    public string AuthorizeUrl(string shopDomain, string state, string redirectUri) =>
        $"https://{shopDomain}/admin/oauth/authorize?client_id={Uri.EscapeDataString(options.Value.ClientId!)}&scope={Uri.EscapeDataString(Scopes)}"
        + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&state={Uri.EscapeDataString(state)}";

    /// <summary>Whether the callback's query is Shopify's: its <c>hmac</c> over every other parameter, and fresh.</summary>
    public bool CallbackIsGenuine(IEnumerable<KeyValuePair<string, string>> query)
    {
        var parameters = query.ToList();
        var hmac = parameters.FirstOrDefault(p => p.Key == "hmac").Value;
        if (string.IsNullOrEmpty(hmac) || hmac.Length != 64) return false;
        var message = string.Join('&', parameters.Where(p => p.Key is not ("hmac" or "signature")).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        byte[] given;
        try
        {
            given = Convert.FromHexString(hmac);
        }
        catch (FormatException)
        {
            return false;
        }
        var match = false;
        foreach (var secret in options.Value.WebhookSecrets())
            match |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)), given);
        if (!match) return false;
        var timestamp = parameters.FirstOrDefault(p => p.Key == "timestamp").Value;
        return long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
               && (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799))).Duration() <= ClockSkew;
    }

    public Task<ShopifyTokenSet> ExchangeCodeAsync(string shopDomain, string code, CancellationToken ct) =>
        RequestTokenAsync(shopDomain, new Dictionary<string, string>
        {
            ["client_id"] = options.Value.ClientId!, ["client_secret"] = options.Value.ClientSecret!, ["code"] = code, ["expiring"] = "1",
        }, ct);

    /// <summary>Renews the store's expiring token when it is close to lapsing; a store with a non-expiring token is left alone.</summary>
    public async Task RenewIfDueAsync(ShopifyStore store, CancellationToken ct)
    {
        if (store.IsSandbox || store.RefreshTokenCiphertext is null || store.AccessTokenExpiresAt is not { } expires
            || expires - clock.GetUtcNow().UtcDateTime > RenewBefore || !Enabled) return;
        var renewed = await RequestTokenAsync(store.ShopDomain, new Dictionary<string, string>
        {
            ["client_id"] = options.Value.ClientId!, ["client_secret"] = options.Value.ClientSecret!, ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.Unprotect(store.RefreshTokenCiphertext),
        }, ct);
        store.AccessTokenCiphertext = tokens.Protect(renewed.AccessToken);
        store.AccessTokenExpiresAt = ExpiresAt(renewed);
        // Each use replaces the refresh token: the old one stops working.
        if (renewed.RefreshToken is { } refresh) store.RefreshTokenCiphertext = tokens.Protect(refresh);
        await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.Id == store.Id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.AccessTokenCiphertext, store.AccessTokenCiphertext)
            .SetProperty(s => s.AccessTokenExpiresAt, store.AccessTokenExpiresAt)
            .SetProperty(s => s.RefreshTokenCiphertext, store.RefreshTokenCiphertext), ct);
    }

    public DateTime? ExpiresAt(ShopifyTokenSet set) => set.ExpiresIn is > 0 and var seconds ? clock.GetUtcNow().UtcDateTime.AddSeconds(seconds) : null;

    private async Task<ShopifyTokenSet> RequestTokenAsync(string shopDomain, Dictionary<string, string> form, CancellationToken ct)
    {
        var root = string.IsNullOrWhiteSpace(options.Value.ApiBase) ? $"https://{shopDomain}" : options.Value.ApiBase.TrimEnd('/');
        using var response = await Http.PostAsync($"{root}/admin/oauth/access_token", new FormUrlEncodedContent(form), ct);
        if (!response.IsSuccessStatusCode)
            throw new ShopifyAuthException($"Shopify refused the token request ({(int)response.StatusCode}).", response.StatusCode);
        return await response.Content.ReadFromJsonAsync<ShopifyTokenSet>(ct) is { AccessToken.Length: > 0 } set
            ? set : throw new ShopifyApiException("Shopify's token answer had no access token.");
    }
}
