using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Streamline.Core.Commerce.Sandbox;

namespace Streamline.Core.Commerce;

/// <summary>Admin API access tokens at rest: Data Protection ciphertext under the app's shared key ring.</summary>
public sealed class ShopifyTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Streamline.Commerce.ShopifyAccessToken.v1");

    public string Protect(string token) => _protector.Protect(token);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}

/// <summary>Makes the Admin API client for a store: a real shop over HTTPS (or <c>Shopify:ApiBase</c>), a demo store in-process.</summary>
public sealed class ShopifyClients(IOptions<ShopifyOptions> options, ShopifyTokens tokens, SandboxShops sandbox, TimeProvider clock)
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds) };

    public ShopifyAdminClient For(ShopifyStore store) => store.IsSandbox
        ? ForSandbox(store.ShopDomain)
        : ForToken(store.ShopDomain, store.AccessTokenCiphertext is { } c ? tokens.Unprotect(c)
            : throw new ShopifyAuthException("The store has no access token: connect it again.", System.Net.HttpStatusCode.Unauthorized));

    public ShopifyAdminClient ForToken(string shopDomain, string accessToken) =>
        new(_http, options.Value.GraphQlEndpoint(shopDomain), accessToken, clock);

    public ShopifyAdminClient ForSandbox(string shopDomain) =>
        new(sandbox.Client(shopDomain), options.Value.GraphQlEndpoint(shopDomain), null, clock);
}
