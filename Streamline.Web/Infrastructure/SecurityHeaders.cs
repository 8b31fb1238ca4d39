namespace Streamline.Web.Infrastructure;

/// <summary>
/// Content-Security-Policy and friends on every response. Pages are never framed unless an endpoint
/// opts in with <see cref="FrameAncestorsAttribute"/> (or sets <see cref="FrameAncestorsFeature"/>).
/// The Hangfire dashboard (not ours) sets inline styles from its script, so it alone gets 'unsafe-inline' styles.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public const string JobDashboardPath = "/admin/jobs";

    private static readonly FrameAncestorsFeature JobDashboard =
        new("'none'", Policy.Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));

    public Task InvokeAsync(HttpContext context)
    {
        // Read now: the dashboard moves its prefix into PathBase before the response starts.
        var isJobDashboard = context.Request.Path.StartsWithSegments(JobDashboardPath);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var frame = context.Features.Get<FrameAncestorsFeature>()
                        ?? context.GetEndpoint()?.Metadata.GetMetadata<FrameAncestorsAttribute>()?.ToFeature()
                        ?? (isJobDashboard ? JobDashboard : null);
            var ancestors = frame?.Sources ?? "'none'";
            if (!headers.ContainsKey("Content-Security-Policy"))
                headers.ContentSecurityPolicy = $"{frame?.PolicyOverride ?? Policy}; frame-ancestors {ancestors}";
            if (ancestors == "'none'") headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>Lets a response be framed by the given sources, optionally with its own policy.</summary>
public sealed record FrameAncestorsFeature(string Sources, string? PolicyOverride = null);

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FrameAncestorsAttribute(string sources) : Attribute
{
    public FrameAncestorsFeature ToFeature() => new(sources);
}
