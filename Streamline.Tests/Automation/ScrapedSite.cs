using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Streamline.Tests.Automation;

/// <summary>
/// A real web site on 127.0.0.1 for the scraper: products as selectors, a table and JSON-LD; redirects to loopback,
/// private and link-local addresses; a slow page, a huge one (with and without a length), and a robots.txt.
/// Addressed as http://localhost:port, the name the tests' allowlist names.
/// </summary>
public sealed class ScrapedSite : IAsyncDisposable
{
    public const string ProductsHtml = """
        <!doctype html><html><head><title>Shop</title>
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Blue Kettle","sku":"K-1","offers":{"@type":"Offer","price":"29.90"}}</script>
        </head><body>
        <h1 class="title">Blue Kettle</h1><p class="price">$29.90</p><p class="price">$24.90</p>
        <table><tr><th>Size</th><th>Litres</th></tr><tr><td>Small</td><td>1.0</td></tr><tr><td>Large</td><td>1.7</td></tr></table>
        </body></html>
        """;

    private readonly WebApplication _server;

    private ScrapedSite(WebApplication server) => _server = server;

    public int Port { get; private set; }
    public string Url => $"http://localhost:{Port}";
    public string LoopbackUrl => $"http://127.0.0.1:{Port}";

    /// <summary>How long /slow takes to answer.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);

    public static async Task<ScrapedSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var site = new ScrapedSite(builder.Build());
        site.Map();
        await site._server.StartAsync();
        site.Port = new Uri(site._server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return site;
    }

    private void Map()
    {
        var app = _server;
        app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /private\n");
        app.MapGet("/products", () => Results.Content(ProductsHtml, "text/html"));
        app.MapGet("/private/page", () => Results.Content(ProductsHtml, "text/html"));
        app.MapGet("/sitemap.xml", (HttpContext c) => Results.Content(
            $"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{Url}/products</loc></url><url><loc>{Url}/private/page</loc></url></urlset>""",
            "application/xml"));
        app.MapGet("/to-loopback", () => Results.Redirect($"{LoopbackUrl}/products"));
        app.MapGet("/to-private", () => Results.Redirect("http://10.20.30.40/products"));
        app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        app.MapGet("/to-ftp", () => Results.Redirect("ftp://localhost/products"));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(SlowDelay, ct);
            return Results.Content(ProductsHtml, "text/html");
        });
        app.MapGet("/huge", (HttpContext c) =>
        {
            c.Response.ContentLength = 5 * 1024 * 1024;
            return WriteHugeAsync(c);
        });
        app.MapGet("/huge-chunked", WriteHugeAsync);
    }

    private static async Task WriteHugeAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html";
        var chunk = System.Text.Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        try
        {
            for (var i = 0; i < 80; i++) await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
