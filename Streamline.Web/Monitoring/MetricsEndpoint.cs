using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Prometheus;
using Streamline.Core.Monitoring;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Monitoring;

/// <summary>
/// <c>GET /metrics</c>: the monitoring snapshot as Prometheus gauges, for an admin's session or a scraper presenting
/// <c>Monitoring:MetricsToken</c> as a bearer token; anyone else gets 401 (or 403 when signed in without the role).
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";
    public const string Prefix = "streamline_";

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // Authorization is decided here, not by a policy, because a scraper's token is not a user.
        app.MapGet(Path, ServeAsync).AllowAnonymous();
        return app;
    }

    private static async Task ServeAsync(HttpContext context, MonitoringReport report, IOptionsMonitor<MonitoringOptions> options,
        IAuthorizationService authorization, CancellationToken ct)
    {
        if (!HasToken(context.Request, options.CurrentValue.MetricsToken))
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            if (!(await authorization.AuthorizeAsync(context.User, WebSetup.AdminPolicy)).Succeeded)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
        }

        var snapshot = await report.SnapshotAsync(ct);
        var registry = Build(snapshot);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await registry.CollectAndExportAsTextAsync(context.Response.Body, ct);
    }

    /// <summary>A registry of this one scrape: the figures are read fresh each time, so nothing is kept between scrapes.</summary>
    public static CollectorRegistry Build(MonitoringSnapshot snapshot)
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        var red = factory.CreateGauge(Prefix + "monitoring_tile_red", "1 when the tile of /admin/monitoring is past its threshold.", "tile");
        foreach (var tile in snapshot.Tiles)
        {
            red.WithLabels(tile.Key).Set(tile.Alert ? 1 : 0);
        }
        foreach (var metric in snapshot.Tiles.SelectMany(t => t.Figures).GroupBy(f => f.Metric))
        {
            var labelNames = metric.First().Labels?.Keys.ToArray() ?? [];
            var gauge = factory.CreateGauge(Prefix + metric.Key, $"{metric.Key.Replace('_', ' ')} (as on /admin/monitoring)", labelNames);
            foreach (var figure in metric)
            {
                if (labelNames.Length == 0) gauge.Set(figure.Value);
                else gauge.WithLabels([.. labelNames.Select(n => figure.Labels![n])]).Set(figure.Value);
            }
        }
        return registry;
    }

    private static bool HasToken(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
