using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Streamline.Core.Commerce.Sandbox;

/// <summary>
/// The demo stores of the embedded default, one per connected sandbox shop, generated from the shop's domain. The sync
/// reaches them through the same <see cref="ShopifyAdminClient"/> as a real shop; only the transport stays in-process.
/// </summary>
public sealed class SandboxShops(TimeProvider clock)
{
    public const int Orders = 300;
    public const int Customers = 120;
    public const int Products = 36;

    private readonly ConcurrentDictionary<string, SandboxShop> _shops = new(StringComparer.OrdinalIgnoreCase);

    public SandboxShop For(string domain) => _shops.GetOrAdd(domain, d => new SandboxShop(
        SandboxCatalog.Generate(d, SandboxShop.DemoName, Orders, Customers, Products, clock.GetUtcNow().UtcDateTime,
            seed: StableHash(d)), clock: clock));

    public HttpClient Client(string domain) => new(new SandboxShopHandler(For(domain)));

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + char.ToLowerInvariant(c)));
}

/// <summary>Answers the Admin API's GraphQL requests from a <see cref="SandboxShop"/> without a socket.</summary>
public sealed class SandboxShopHandler(SandboxShop shop) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(shop.Answer(body), Encoding.UTF8, "application/json") };
    }
}
