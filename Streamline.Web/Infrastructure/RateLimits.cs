using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Streamline.Core.Credits;
using Streamline.Web.Api;

namespace Streamline.Web.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Attempts per client address per window on log-in, register and password-reset posts.</summary>
    public int AccountPermitLimit { get; set; } = 10;
    public int AccountWindowSeconds { get; set; } = 60;

    /// <summary>Metering API requests per API key per window.</summary>
    public int ApiPermitLimit { get; set; } = 120;
    public int ApiWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Webhook posts per client address per window: generous, because a burst of real events must get
    /// through (a refused one is retried by the sender), but a flood of junk stops before any signature check.
    /// </summary>
    public int WebhookPermitLimit { get; set; } = 600;
    public int WebhookWindowSeconds { get; set; } = 60;

    /// <summary>Views and accepts of public proposal pages per client address per window: a reader never gets near it, a token scanner does.</summary>
    public int ProposalPermitLimit { get; set; } = 60;
    public int ProposalWindowSeconds { get; set; } = 60;
}

public static class RateLimits
{
    public const string WebhookPolicy = "webhooks";
    public const string ProposalPolicy = "proposals";

    // Account posts that an attacker would hammer: guessing passwords, spamming sign-ups and reset mails.
    private static readonly string[] AccountPaths =
    [
        "/Identity/Account/Login", "/Identity/Account/LoginWith2fa", "/Identity/Account/LoginWithRecoveryCode",
        "/Identity/Account/Register", "/Identity/Account/ForgotPassword", "/Identity/Account/ResetPassword",
        "/Identity/Account/ResendEmailConfirmation",
    ];

    public static IServiceCollection AddStreamlineRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString();
                if (context.HttpContext.Request.Path.StartsWithSegments("/api") || context.HttpContext.Request.Path.StartsWithSegments("/webhooks"))
                {
                    await Problems.TooManyRequests().ExecuteAsync(context.HttpContext);
                    return;
                }
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many attempts. Please wait a minute and try again.", ct);
            };
            // Per key: the limiter runs before authentication, so the partition is the presented
            // secret's hash (never the secret itself); an unknown key is limited like any other.
            limiter.AddPolicy(CreditsApi.RateLimitPolicy, http =>
                RateLimitPartition.GetFixedWindowLimiter(
                    ApiKeyAuthenticationHandler.PresentedKey(http.Request) is { Length: > 0 } key
                        ? ApiKeyService.Hash(key)
                        : $"anonymous:{http.Connection.RemoteIpAddress}",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.ApiPermitLimit,
                        Window = TimeSpan.FromSeconds(options.ApiWindowSeconds),
                        QueueLimit = 0,
                    }));
            limiter.AddPolicy(WebhookPolicy, http =>
                RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.WebhookPermitLimit,
                        Window = TimeSpan.FromSeconds(options.WebhookWindowSeconds),
                        QueueLimit = 0,
                    }));
            limiter.AddPolicy(ProposalPolicy, http =>
                RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.ProposalPermitLimit,
                        Window = TimeSpan.FromSeconds(options.ProposalWindowSeconds),
                        QueueLimit = 0,
                    }));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method) || !IsAccountPath(http.Request.Path))
                    return RateLimitPartition.GetNoLimiter("");
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter($"{http.Request.Path.Value!.ToLowerInvariant()}:{client}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.AccountPermitLimit,
                    Window = TimeSpan.FromSeconds(options.AccountWindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    private static bool IsAccountPath(PathString path) =>
        AccountPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));
}
