using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Stripe;

namespace Streamline.Core.Billing;

/// <summary>
/// Plays Stripe's part when no Stripe key is set: each action becomes the events Stripe would send,
/// signed with the webhook secret and handed to the same <see cref="StripeWebhookReceiver"/> that
/// verifies real deliveries. Nothing here changes a balance directly.
/// </summary>
public sealed class SandboxPayments(
    StreamlineDbContext db, StripeWebhookReceiver receiver, IOptions<StripeOptions> options, IHostEnvironment env, TimeProvider clock)
{
    public bool Enabled => options.Value.IsSandbox && !env.IsProduction();

    /// <summary>What the sandbox checkout page shows; null unless it is an open sandbox checkout of the workspace.</summary>
    public Task<CheckoutSession?> FindCheckoutAsync(Guid workspaceId, string externalId, CancellationToken ct) =>
        db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .SingleOrDefaultAsync(c => c.ExternalId == externalId && c.WorkspaceId == workspaceId && c.IsSandbox, ct);

    /// <summary>"Pay": the events of a successful payment, in Stripe's order for that kind of purchase.</summary>
    public async Task<IReadOnlyList<WebhookReceipt>> PayAsync(CheckoutSession checkout, CancellationToken ct)
    {
        EnsureEnabled();
        var now = Now;
        var customer = SandboxEvents.CustomerId(checkout.WorkspaceId);
        if (checkout.Kind == CreditPackageKind.Pack)
            return [await SendAsync($"evt_{checkout.ExternalId}_completed", "checkout.session.completed", now,
                SandboxEvents.CheckoutSession(checkout, null, customer), ct)];

        var subscription = SandboxEvents.SubscriptionId(checkout);
        var end = now.AddMonths(1);
        return
        [
            await SendAsync($"evt_{subscription}_created", "customer.subscription.created", now,
                SandboxEvents.Subscription(subscription, customer, checkout.WorkspaceId, checkout.PackageCode, "active", now, end), ct),
            await SendAsync($"evt_{checkout.ExternalId}_completed", "checkout.session.completed", now,
                SandboxEvents.CheckoutSession(checkout, subscription, customer), ct),
            await RenewAsync(subscription, customer, checkout.WorkspaceId, checkout.PackageCode, checkout.AmountCents, now, end, ct),
        ];
    }

    /// <summary>"Cancel" on the checkout page, or the checkout timing out.</summary>
    public Task<WebhookReceipt> ExpireAsync(CheckoutSession checkout, CancellationToken ct)
    {
        EnsureEnabled();
        return SendAsync($"evt_{checkout.ExternalId}_expired", "checkout.session.expired", Now,
            SandboxEvents.CheckoutSession(checkout, null, SandboxEvents.CustomerId(checkout.WorkspaceId), status: "expired"), ct);
    }

    /// <summary>A paid invoice for one period, as Stripe sends on every renewal.</summary>
    public Task<WebhookReceipt> RenewAsync(string subscriptionId, string customerId, Guid workspaceId, string packageCode,
        long amountCents, DateTime periodStart, DateTime periodEnd, CancellationToken ct)
    {
        EnsureEnabled();
        var invoice = SandboxEvents.InvoiceId(subscriptionId, periodStart);
        return SendAsync($"evt_{invoice}_paid", "invoice.paid", Now,
            SandboxEvents.Invoice(invoice, subscriptionId, customerId, workspaceId, packageCode, amountCents, periodStart, periodEnd), ct);
    }

    /// <summary>The sandbox portal's cancel (at once, or at the period's end) and plan change.</summary>
    public Task<WebhookReceipt> ChangeSubscriptionAsync(BillingSubscription subscription, string packageCode, string status,
        bool cancelAtPeriodEnd, CancellationToken ct)
    {
        EnsureEnabled();
        var now = Now;
        var type = status == "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated";
        return SendAsync($"evt_{subscription.StripeSubscriptionId}_{Guid.NewGuid():N}", type, now,
            SandboxEvents.Subscription(subscription.StripeSubscriptionId, subscription.StripeCustomerId ?? SandboxEvents.CustomerId(subscription.WorkspaceId),
                subscription.WorkspaceId, packageCode, status, subscription.CurrentPeriodStart ?? now,
                subscription.CurrentPeriodEnd ?? now.AddMonths(1), cancelAtPeriodEnd), ct);
    }

    private Task<WebhookReceipt> SendAsync(string eventId, string type, DateTime created, System.Text.Json.Nodes.JsonObject data,
        CancellationToken ct)
    {
        var payload = SandboxEvents.Event(eventId, type, created, data);
        var signature = EventUtility.GenerateSignatureHeader(payload, options.Value.SigningSecret, clock.GetUtcNow().ToUnixTimeSeconds());
        return receiver.ReceiveAsync(payload, signature, ct);
    }

    private void EnsureEnabled()
    {
        if (!Enabled) throw new InvalidOperationException("Sandbox payments are off: a Stripe key is configured or this is Production.");
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
