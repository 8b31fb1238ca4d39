using System.Net;
using Microsoft.AspNetCore.Routing.Template;
using Streamline.Core.Channels.Sandbox;

namespace Streamline.Web.Channels;

/// <summary>
/// Delivers the sandbox phone's webhooks to the app's own endpoint in-process: the endpoint a provider's POST would
/// reach (same route, same handler, same signature check), invoked with a request of the same bytes and headers in a
/// scope of its own, with no signed-in user, as a provider's request has. Rate limits, which guard the socket, are skipped.
/// </summary>
public sealed class WebhookLoopback(EndpointDataSource endpoints, IServiceScopeFactory scopes) : IWebhookLoopback
{
    public async Task<int> PostAsync(SandboxDelivery delivery, CancellationToken ct)
    {
        if (Match(delivery.Path) is not ({ RequestDelegate: { } handler } endpoint, var values)) return StatusCodes.Status404NotFound;
        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = ct };
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = "https";
        request.Host = new HostString("localhost");
        request.Path = delivery.Path;
        request.ContentType = "application/json";
        request.ContentLength = delivery.Body.Length;
        request.Body = new MemoryStream(delivery.Body, writable: false);
        foreach (var (name, value) in delivery.Headers) request.Headers[name] = value;
        request.RouteValues = values;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Response.Body = Stream.Null;
        context.SetEndpoint(endpoint);
        await handler(context);
        return context.Response.StatusCode;
    }

    private (RouteEndpoint, RouteValueDictionary)? Match(string path)
    {
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || !methods.HttpMethods.Contains(HttpMethods.Post)) continue;
            if (endpoint.RoutePattern.RawText is not { } raw || !raw.TrimStart('/').StartsWith("webhooks/", StringComparison.Ordinal)) continue;
            var values = new RouteValueDictionary();
            if (new TemplateMatcher(TemplateParser.Parse(raw.TrimStart('/')), new RouteValueDictionary()).TryMatch(path, values))
                return (endpoint, values);
        }
        return null;
    }
}
