using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streamline.Core.Commerce;
using Streamline.Core.Commerce.Sandbox;

namespace Streamline.Tests.Commerce;

/// <summary>One GraphQL request as the server received it.</summary>
public sealed record ShopifyRequest(string? Token, string? Operation, string? After, string? Query, DateTime At);

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the Admin GraphQL API at <c>/admin/api/{version}/graphql.json</c> for one shop,
/// with Shopify's leaky cost bucket (THROTTLED errors when a query asks for more than it holds), an access token check,
/// and outages on demand (429 with Retry-After, 500). It records every request.
/// </summary>
public sealed class FakeShopify : IAsyncDisposable
{
    public const string Domain = "fake-shop.myshopify.com";
    public const string Token = "shpat_fake_0123456789abcdef";

    private readonly WebApplication _server;
    private readonly ConcurrentQueue<ShopifyRequest> _requests = new();
    private readonly ConcurrentQueue<(HttpStatusCode Status, string? RetryAfter)> _outages = new();

    private FakeShopify(WebApplication server, SandboxShop shop)
    {
        _server = server;
        Shop = shop;
    }

    public SandboxShop Shop { get; }
    public string Url { get; private set; } = "";
    public IReadOnlyList<ShopifyRequest> Requests => [.. _requests];

    /// <summary>How long every answer takes, so a test can make runs overlap.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Called with each orders page before it is answered (a test cancels a run there).</summary>
    public Action<int>? OnOrdersPage { get; set; }

    private int _ordersPages;

    public static async Task<FakeShopify> StartAsync(int orders = 240, int customers = 60, int products = 20, double bucket = 2000,
        double restoreRate = 1000)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var catalog = SandboxCatalog.Generate(Domain, "Fake Shop", orders, customers, products, DateTime.UtcNow, seed: 7);
        var fake = new FakeShopify(builder.Build(), new SandboxShop(catalog, bucket, restoreRate));
        fake._server.Run(fake.AnswerAsync);
        await fake._server.StartAsync();
        fake.Url = fake._server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>The next request gets this answer instead (e.g. 429 with <c>Retry-After: 1</c>).</summary>
    public void FailNext(HttpStatusCode status, string? retryAfter = null) => _outages.Enqueue((status, retryAfter));

    public const string Code = "authcode_good";

    /// <summary>The form of every token request (code exchange and refresh), as Shopify received it.</summary>
    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();

    private int _refreshes;

    /// <summary>
    /// <c>POST /admin/oauth/access_token</c>: the code (or the last refresh token) for an expiring offline token of an hour
    /// and a new refresh token, as Shopify answers.
    /// </summary>
    private async Task AnswerTokenAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        TokenRequests.Enqueue(form);
        var refresh = form.GetValueOrDefault("grant_type") == "refresh_token";
        var valid = refresh ? form.GetValueOrDefault("refresh_token") == $"shprt_{_refreshes}" : form.GetValueOrDefault("code") == Code;
        if (!valid || form.GetValueOrDefault("client_secret") != CommerceApp.WebhookSecret)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("{\"error\":\"invalid_request\"}");
            return;
        }
        if (refresh) Interlocked.Increment(ref _refreshes);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["access_token"] = Token, ["scope"] = "read_orders,read_customers,read_products", ["expires_in"] = 3600,
            ["refresh_token"] = $"shprt_{_refreshes}", ["refresh_token_expires_in"] = 7_776_000,
        }.ToJsonString());
    }

    private async Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Path == "/admin/oauth/access_token" && context.Request.Method == "POST")
        {
            await AnswerTokenAsync(context);
            return;
        }
        if (context.Request.Path != $"/admin/api/{ShopifyOptions.ApiVersion}/graphql.json" || context.Request.Method != "POST")
        {
            context.Response.StatusCode = 404;
            return;
        }
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var token = context.Request.Headers["X-Shopify-Access-Token"].ToString();
        var json = JsonNode.Parse(body) as JsonObject;
        var operation = json?["operationName"]?.GetValue<string>();
        var variables = json?["variables"] as JsonObject;
        _requests.Enqueue(new ShopifyRequest(token, operation, variables?["after"]?.GetValue<string>(), variables?["query"]?.GetValue<string>(), DateTime.UtcNow));
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency);

        if (token != Token)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
            return;
        }
        if (_outages.TryDequeue(out var outage))
        {
            context.Response.StatusCode = (int)outage.Status;
            if (outage.RetryAfter is not null) context.Response.Headers.RetryAfter = outage.RetryAfter;
            return;
        }
        if (operation == "Orders") OnOrdersPage?.Invoke(Interlocked.Increment(ref _ordersPages));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Shop.Answer(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
