using System.Security.Cryptography;

namespace Streamline.Core.Billing;

/// <summary>
/// <c>Stripe:*</c> settings. Without a secret key payments run in sandbox mode: a local checkout page
/// that produces signed events through the same webhook path (never in Production).
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string? SecretKey { get; set; }

    /// <summary>The endpoint's signing secret (<c>whsec_…</c>). In sandbox mode a random one per process if unset.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Overrides <c>https://api.stripe.com</c>, e.g. for a local server that speaks Stripe's API in tests.</summary>
    public string? ApiBase { get; set; }

    /// <summary>
    /// How long one call to Stripe may take. Stripe.net's own default is 80 s, which with its retries
    /// would hold a customer's Buy click for minutes while Stripe hangs.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Retries after a network failure or a 5xx; safe because every write carries an idempotency key.</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    public bool IsSandbox => string.IsNullOrWhiteSpace(SecretKey);

    /// <summary>
    /// A random secret rather than a well-known one: anyone who knew the sandbox secret could post
    /// signed events that grant credits to an exposed non-production server.
    /// </summary>
    internal static readonly string SandboxSecret = "whsec_sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string SigningSecret => string.IsNullOrWhiteSpace(WebhookSecret)
        ? IsSandbox ? SandboxSecret : throw new InvalidOperationException("Stripe:WebhookSecret must be set when Stripe:SecretKey is.")
        : WebhookSecret;
}
