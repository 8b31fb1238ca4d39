using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Streamline.Core.Conversations;
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
    /// Refused (401) metering API requests per client address per API window: a key per request would never meet the
    /// per-key limit, so guessing keys from one address is stopped here.
    /// </summary>
    public int ApiFailurePermitLimit { get; set; } = 20;

    /// <summary>
    /// Webhook posts per client address per window: generous, because a burst of real events must get
    /// through (a refused one is retried by the sender), but a flood of junk stops before any signature check.
    /// </summary>
    public int WebhookPermitLimit { get; set; } = 600;
    public int WebhookWindowSeconds { get; set; } = 60;

    /// <summary>Views and accepts of public proposal pages per client address per window: a reader never gets near it, a token scanner does.</summary>
    public int ProposalPermitLimit { get; set; } = 60;
    public int ProposalWindowSeconds { get; set; } = 60;

    /// <summary>Chat messages per visitor (widget token, or signed-in user on the portal) per window.</summary>
    public int ChatVisitorPermitLimit { get; set; } = 10;

    /// <summary>Chat messages per client address per window: higher, as visitors behind one office router share it.</summary>
    public int ChatAddressPermitLimit { get; set; } = 30;

    /// <summary>New widget conversations per client address per window: each one is a row and a token.</summary>
    public int ChatStartPermitLimit { get; set; } = 10;
    public int ChatWindowSeconds { get; set; } = 60;
}

public static class RateLimits
{
    public const string WebhookPolicy = "webhooks";
    public const string ProposalPolicy = "proposals";

    /// <summary>On the chat pages: sending per visitor and starting per address (the page's handler decides which).</summary>
    public const string ChatPolicy = "chat";

    public const string ChatSlowDown = "You\u2019re sending messages quickly \u2014 wait a few seconds.";

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
        services.AddSingleton(new ApiFailuresPerAddress(options));
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
                if (IsChat(context.HttpContext))
                {
                    // Shown inside the chat, where the refusal notices go, instead of an error page.
                    context.HttpContext.Response.Headers["HX-Retarget"] = "#chat-notice";
                    context.HttpContext.Response.Headers["HX-Reswap"] = "innerHTML";
                    context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                    await context.HttpContext.Response.WriteAsync($"<p class=\"chat-notice-text\" role=\"alert\">{ChatSlowDown}</p>", ct);
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
                Fixed($"webhook:{Address(http)}", options.WebhookPermitLimit, options.WebhookWindowSeconds));
            limiter.AddPolicy(ProposalPolicy, http =>
                Fixed($"proposal:{Address(http)}", options.ProposalPermitLimit, options.ProposalWindowSeconds));
            limiter.AddPolicy(ChatPolicy, http => ChatHandler(http) switch
            {
                ChatSend => Fixed($"chat-visitor:{ChatVisitor(http)}", options.ChatVisitorPermitLimit, options.ChatWindowSeconds),
                ChatStart => Fixed($"chat-start:{Address(http)}", options.ChatStartPermitLimit, options.ChatWindowSeconds),
                _ => RateLimitPartition.GetNoLimiter(""),
            });
            var accounts = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method) || !IsAccountPath(http.Request.Path))
                    return RateLimitPartition.GetNoLimiter("");
                return Fixed($"{http.Request.Path.Value!.ToLowerInvariant()}:{Address(http)}", options.AccountPermitLimit, options.AccountWindowSeconds);
            });
            // An endpoint has one policy, so the per-address cap on chat messages, which comes on top of the
            // per-visitor one (a script can mint tokens), is global and applies to the chat pages only.
            var chatAddresses = PartitionedRateLimiter.Create<HttpContext, string>(http => ChatHandler(http) == ChatSend
                ? Fixed($"chat-address:{Address(http)}", options.ChatAddressPermitLimit, options.ChatWindowSeconds)
                : RateLimitPartition.GetNoLimiter(""));
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(accounts, chatAddresses);
        });
        return services;
    }

    private static bool IsAccountPath(PathString path) =>
        AccountPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));

    private const string ChatSend = "messages";
    private const string ChatStart = "start";

    private static bool IsChat(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == ChatPolicy;

    /// <summary>"messages" or "start" for a post to a chat page's handler of that name; null for anything else.</summary>
    private static string? ChatHandler(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && IsChat(http) && http.Request.RouteValues["handler"] is string handler
            ? handler.ToLowerInvariant() switch { ChatSend => ChatSend, ChatStart => ChatStart, _ => null }
            : null;

    /// <summary>
    /// The widget visitor's token, hashed (the limiter keeps its keys in memory). The limiter runs before the
    /// handler checks the token, so a made-up one is just another visitor, still held to the per-address cap. Without
    /// a token (the portal: authentication runs after the limiter) the address stands for the visitor.
    /// </summary>
    private static string ChatVisitor(HttpContext http)
    {
        var token = http.Request.Headers[VisitorToken.Header].ToString();
        return VisitorToken.LooksValid(token) ? VisitorToken.Hash(token) : $"address:{Address(http)}";
    }

    internal static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Fixed(string key, int permits, int windowSeconds) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromSeconds(windowSeconds),
            QueueLimit = 0,
        });
}

/// <summary>
/// Counts the metering API's refusals of unauthenticated requests (401) per client address and answers 429 once an
/// address used up its allowance for the window. The limiter runs before authentication and so cannot tell a bad key
/// from a good one; this looks at the outcome.
/// </summary>
public sealed class ApiFailuresPerAddress(RateLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.ApiFailurePermitLimit,
            Window = TimeSpan.FromSeconds(options.ApiWindowSeconds),
            QueueLimit = 0,
        }));

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        var address = RateLimits.Address(http);
        if (_failures.GetStatistics(address)?.CurrentAvailablePermits <= 0)
        {
            http.Response.Headers.RetryAfter = options.ApiWindowSeconds.ToString();
            await Problems.TooManyRequests().ExecuteAsync(http);
            return;
        }
        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status401Unauthorized) _failures.AttemptAcquire(address).Dispose();
    }

    public void Dispose() => _failures.Dispose();
}
