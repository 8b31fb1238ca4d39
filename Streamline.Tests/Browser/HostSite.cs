using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Streamline.Tests.Browser;

/// <summary>
/// A customer's website that embeds the widget, on another site than the app: the app is http://127.0.0.1:port,
/// this is http://localhost:port, so the chat's iframe is third-party, as on the real web. Its pages run under a
/// strict CSP of their own that allows the app only for the script, its fetch and the frame, so the loader is
/// proven to need no inline styles on the host page.
/// </summary>
public sealed class HostSite : IAsyncLifetime
{
    private WebApplication _server = null!;

    /// <summary>e.g. http://localhost:41234, exactly as the browser sends it in the Origin header.</summary>
    public string Origin { get; private set; } = "";

    /// <summary>A page with the one-line snippet.</summary>
    public string PageWith(string appBaseUrl, string key) => $"{Origin}/?app={Uri.EscapeDataString(appBaseUrl)}&key={key}";

    /// <summary>The snippet and, as someone copying the widget onto their own site might, the chat's frame itself.</summary>
    public string PageFraming(string appBaseUrl, string key) => PageWith(appBaseUrl, key) + "&frame=1";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(ServePageAsync);
        await _server.StartAsync();
        var port = new Uri(_server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;
        Origin = $"http://localhost:{port}";
    }

    private static async Task ServePageAsync(HttpContext context)
    {
        if (context.Request.Path != "/")
        {
            // A site without a favicon: nothing, rather than a 404 in the console.
            context.Response.StatusCode = context.Request.Path == "/favicon.ico" ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
            return;
        }
        var app = context.Request.Query["app"].ToString();
        var key = HtmlEncoder.Default.Encode(context.Request.Query["key"].ToString());
        var frame = context.Request.Query["frame"] == "1"
            ? $"<iframe src=\"{app}/chat/{key}\" title=\"Copied chat\" width=\"380\" height=\"500\"></iframe>"
            : "";
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self' {app}; connect-src {app}; frame-src {app}; style-src 'self'; img-src 'self'";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Bluebird Bakery</title></head>
            <body>
            <h1>Bluebird Bakery</h1>
            <p>Fresh sourdough every morning.</p>
            {frame}
            <script src="{app}/widget.js" data-key="{key}" async></script>
            </body>
            </html>
            """);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
