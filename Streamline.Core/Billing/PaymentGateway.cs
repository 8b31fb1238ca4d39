using Microsoft.Extensions.Options;
using Streamline.Core.Credits;
using Stripe;

namespace Streamline.Core.Billing;

public sealed record HostedCheckout(string Id, string Url, DateTime ExpiresAt);

/// <summary>Where a customer pays: Stripe's hosted pages, or the local sandbox when no Stripe key is set.</summary>
public interface IPaymentGateway
{
    bool IsSandbox { get; }

    Task<HostedCheckout> CreateCheckoutAsync(CheckoutSession checkout, CreditPackage package, string? customerId, string appBaseUrl,
        CancellationToken ct);

    /// <summary>A Customer Portal session for plan changes, cancellation and card updates.</summary>
    Task<string> CreatePortalAsync(string customerId, string appBaseUrl, CancellationToken ct);

    /// <summary>The subscription's recent paid invoices, so a missed <c>invoice.paid</c> webhook is caught up.</summary>
    Task<IReadOnlyList<Invoice>> RecentPaidInvoicesAsync(string subscriptionId, CancellationToken ct);

    /// <summary>
    /// The invoice a payment intent paid, or null. Invoices no longer name their payment intent and
    /// charges no longer name their invoice, so a refund or card dispute of a subscription payment
    /// can only be traced to the invoice (and its credits) by asking Stripe.
    /// </summary>
    Task<string?> InvoicePaidByAsync(string paymentIntentId, CancellationToken ct);
}

/// <summary>Stripe through Stripe.net; <c>Stripe:ApiBase</c> points it elsewhere (a local server in tests).</summary>
public sealed class StripePaymentGateway(IOptions<StripeOptions> options) : IPaymentGateway
{
    private readonly StripeClient _client = new(new StripeClientOptions
    {
        ApiKey = options.Value.SecretKey,
        ApiBase = string.IsNullOrWhiteSpace(options.Value.ApiBase) ? StripeClient.DefaultApiBase : options.Value.ApiBase.TrimEnd('/'),
        HttpClient = new SystemNetHttpClient(
            new HttpClient { Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds) },
            options.Value.MaxNetworkRetries),
    });

    public bool IsSandbox => false;

    public async Task<HostedCheckout> CreateCheckoutAsync(CheckoutSession checkout, CreditPackage package, string? customerId,
        string appBaseUrl, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string>
        {
            ["workspace_id"] = checkout.WorkspaceId.ToString(),
            ["checkout_id"] = checkout.Id.ToString(),
            ["package_code"] = package.Code,
        };
        var subscription = checkout.Kind == CreditPackageKind.Subscription;
        var options = new Stripe.Checkout.SessionCreateOptions
        {
            Mode = subscription ? "subscription" : "payment",
            ClientReferenceId = checkout.Id.ToString(),
            Customer = customerId,
            CustomerEmail = customerId is null ? checkout.CustomerEmail : null,
            // A pack buyer becomes a customer too, so the portal and the next checkout know them.
            CustomerCreation = customerId is null && !subscription ? "always" : null,
            Metadata = metadata,
            LineItems =
            [
                new()
                {
                    Quantity = 1,
                    PriceData = new()
                    {
                        Currency = checkout.Currency,
                        UnitAmount = checkout.AmountCents,
                        ProductData = new() { Name = package.Name, Description = $"{CreditAmount.Credits(checkout.CreditsMillicredits)}" },
                        Recurring = subscription ? new() { Interval = "month" } : null,
                    },
                },
            ],
            // Session metadata is not copied anywhere: renewals and refunds need their own.
            SubscriptionData = subscription ? new() { Metadata = metadata } : null,
            PaymentIntentData = subscription ? null : new() { Metadata = metadata },
            SuccessUrl = $"{appBaseUrl}/credits/success?session_id={{CHECKOUT_SESSION_ID}}",
            // "true", not "1": the Credits page binds it to a bool.
            CancelUrl = $"{appBaseUrl}/credits?cancelled=true",
        };
        var session = await new Stripe.Checkout.SessionService(_client)
            .CreateAsync(options, new RequestOptions { IdempotencyKey = $"checkout:{checkout.Id}" }, ct);
        return new HostedCheckout(session.Id, session.Url, session.ExpiresAt);
    }

    public async Task<string> CreatePortalAsync(string customerId, string appBaseUrl, CancellationToken ct)
    {
        var session = await new Stripe.BillingPortal.SessionService(_client)
            .CreateAsync(new() { Customer = customerId, ReturnUrl = $"{appBaseUrl}/credits" }, cancellationToken: ct);
        return session.Url;
    }

    public async Task<IReadOnlyList<Invoice>> RecentPaidInvoicesAsync(string subscriptionId, CancellationToken ct)
    {
        var page = await new InvoiceService(_client)
            .ListAsync(new InvoiceListOptions { Subscription = subscriptionId, Status = "paid", Limit = 3 }, cancellationToken: ct);
        return page.Data;
    }

    public async Task<string?> InvoicePaidByAsync(string paymentIntentId, CancellationToken ct)
    {
        var page = await new InvoicePaymentService(_client).ListAsync(new InvoicePaymentListOptions
        {
            Payment = new InvoicePaymentPaymentOptions { Type = "payment_intent", PaymentIntent = paymentIntentId },
            Limit = 1,
        }, cancellationToken: ct);
        return page.Data.FirstOrDefault()?.InvoiceId;
    }
}

/// <summary>
/// The embedded default: checkout and portal are pages of this app (<c>/billing/sandbox/…</c>) that
/// complete by sending signed events through the webhook receiver. Refused in Production.
/// </summary>
public sealed class SandboxPaymentGateway(TimeProvider clock) : IPaymentGateway
{
    public static readonly TimeSpan CheckoutLifetime = TimeSpan.FromMinutes(30);

    public bool IsSandbox => true;

    public Task<HostedCheckout> CreateCheckoutAsync(CheckoutSession checkout, CreditPackage package, string? customerId,
        string appBaseUrl, CancellationToken ct)
    {
        var id = $"cs_sandbox_{checkout.Id:N}";
        return Task.FromResult(new HostedCheckout(id, $"{appBaseUrl}/billing/sandbox/{id}", clock.GetUtcNow().UtcDateTime + CheckoutLifetime));
    }

    public Task<string> CreatePortalAsync(string customerId, string appBaseUrl, CancellationToken ct) =>
        Task.FromResult($"{appBaseUrl}/billing/sandbox/portal");

    public Task<IReadOnlyList<Invoice>> RecentPaidInvoicesAsync(string subscriptionId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Invoice>>([]);

    /// <summary>Sandbox renewals have no card payment behind them, so nothing can be refunded or disputed.</summary>
    public Task<string?> InvoicePaidByAsync(string paymentIntentId, CancellationToken ct) => Task.FromResult<string?>(null);
}
