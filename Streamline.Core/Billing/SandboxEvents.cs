using System.Text.Json.Nodes;
using Stripe;

namespace Streamline.Core.Billing;

/// <summary>
/// Stripe-shaped events for the sandbox (and for tests): the fields fulfilment reads, in the shape of
/// API version <see cref="StripeConfiguration.ApiVersion"/> (invoice subscription under
/// parent.subscription_details, periods on lines and subscription items). Ids are derived from what
/// they describe, so pressing Pay twice sends the same event twice, as Stripe might.
/// </summary>
public static class SandboxEvents
{
    public static string Event(string id, string type, DateTime created, JsonObject data) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = StripeConfiguration.ApiVersion,
        ["created"] = Unix(created),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = data },
    }.ToJsonString();

    public static JsonObject CheckoutSession(CheckoutSession checkout, string? subscriptionId, string customerId, string status = "complete") => new()
    {
        ["id"] = checkout.ExternalId,
        ["object"] = "checkout.session",
        ["mode"] = checkout.Kind == Credits.CreditPackageKind.Subscription ? "subscription" : "payment",
        ["status"] = status,
        ["payment_status"] = status == "complete" ? "paid" : "unpaid",
        ["amount_total"] = checkout.AmountCents,
        ["currency"] = checkout.Currency,
        ["client_reference_id"] = checkout.Id.ToString(),
        ["customer"] = customerId,
        ["payment_intent"] = subscriptionId is null && status == "complete" ? PaymentIntentId(checkout) : null,
        ["subscription"] = subscriptionId,
        ["metadata"] = Metadata(checkout.WorkspaceId, checkout.PackageCode),
    };

    public static JsonObject Subscription(string id, string customerId, Guid workspaceId, string packageCode, string status,
        DateTime periodStart, DateTime periodEnd, bool cancelAtPeriodEnd = false, string? priceId = null) => new()
    {
        ["id"] = id,
        ["object"] = "subscription",
        ["customer"] = customerId,
        ["status"] = status,
        ["cancel_at_period_end"] = cancelAtPeriodEnd,
        ["metadata"] = Metadata(workspaceId, packageCode),
        ["items"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = $"si_{id}",
                ["object"] = "subscription_item",
                ["current_period_start"] = Unix(periodStart),
                ["current_period_end"] = Unix(periodEnd),
                ["price"] = new JsonObject { ["id"] = priceId ?? $"price_sandbox_{packageCode}", ["object"] = "price" },
            }),
        },
    };

    public static JsonObject Invoice(string id, string subscriptionId, string customerId, Guid workspaceId, string packageCode,
        long amountCents, DateTime periodStart, DateTime periodEnd, int attempt = 1) => new()
    {
        ["id"] = id,
        ["object"] = "invoice",
        ["customer"] = customerId,
        ["currency"] = "usd",
        ["amount_due"] = amountCents,
        ["amount_paid"] = amountCents,
        ["attempt_count"] = attempt,
        ["billing_reason"] = "subscription_cycle",
        // Deliberately the previous period, as on a real renewal: fulfilment must read the line's.
        ["period_start"] = Unix(periodStart.AddMonths(-1)),
        ["period_end"] = Unix(periodStart),
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new JsonObject
            {
                ["subscription"] = subscriptionId,
                ["metadata"] = Metadata(workspaceId, packageCode),
            },
        },
        ["lines"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = $"il_{id}",
                ["object"] = "line_item",
                ["amount"] = amountCents,
                ["currency"] = "usd",
                ["period"] = new JsonObject { ["start"] = Unix(periodStart), ["end"] = Unix(periodEnd) },
            }),
        },
    };

    public static JsonObject Charge(string id, string paymentIntentId, long amountCents, long refundedCents) => new()
    {
        ["id"] = id,
        ["object"] = "charge",
        ["amount"] = amountCents,
        ["amount_refunded"] = refundedCents,
        ["currency"] = "usd",
        ["payment_intent"] = paymentIntentId,
        ["refunded"] = refundedCents >= amountCents,
        ["status"] = "succeeded",
    };

    public static JsonObject Dispute(string id, string chargeId, string paymentIntentId, long amountCents, string status) => new()
    {
        ["id"] = id,
        ["object"] = "dispute",
        ["amount"] = amountCents,
        ["charge"] = chargeId,
        ["currency"] = "usd",
        ["payment_intent"] = paymentIntentId,
        ["reason"] = "fraudulent",
        ["status"] = status,
    };

    public static string PaymentIntentId(CheckoutSession checkout) => $"pi_sandbox_{checkout.Id:N}";

    public static string CustomerId(Guid workspaceId) => $"cus_sandbox_{workspaceId:N}";

    public static string SubscriptionId(CheckoutSession checkout) => $"sub_sandbox_{checkout.Id:N}";

    public static string InvoiceId(string subscriptionId, DateTime periodStart) => $"in_{subscriptionId}_{Unix(periodStart)}";

    public static long Unix(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static JsonObject Metadata(Guid workspaceId, string packageCode) => new()
    {
        ["workspace_id"] = workspaceId.ToString(),
        ["package_code"] = packageCode,
    };
}
