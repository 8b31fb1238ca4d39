using Streamline.Core.Workspaces;

namespace Streamline.Core.Billing;

/// <summary>
/// Money received: one pack purchase (keyed by its checkout session) or one paid subscription
/// invoice (keyed by the invoice). Refunds and card disputes against it are tracked here so a partial
/// refund claws back only its share, once.
/// </summary>
public class Payment : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public PaymentKind Kind { get; set; }

    /// <summary><c>cs_…</c> for a pack, <c>in_…</c> for an invoice. Unique: one payment per object.</summary>
    public required string StripeObjectId { get; set; }

    /// <summary>Links <c>charge.refunded</c> and <c>charge.dispute.*</c> (which name the payment intent) back here.</summary>
    public string? PaymentIntentId { get; set; }

    public string? SubscriptionId { get; set; }
    public required string PackageCode { get; set; }
    public long AmountCents { get; set; }
    public string Currency { get; set; } = "usd";

    /// <summary>Credits this payment bought (bonus credits from a promotion are not refundable and not counted).</summary>
    public long CreditsMillicredits { get; set; }

    /// <summary>Cumulative, as Stripe reports it on the charge (<c>amount_refunded</c>).</summary>
    public long RefundedCents { get; set; }

    public long ClawedBackMillicredits { get; set; }

    /// <summary>Credits a refund should have taken back but the wallet no longer held (already spent).</summary>
    public long UnrecoveredMillicredits { get; set; }

    public string? ChargeDisputeId { get; set; }
    public string? ChargeDisputeStatus { get; set; }

    /// <summary>The hold that froze this payment's credits while its card dispute is open.</summary>
    public Guid? FrozenReservationId { get; set; }

    public bool IsSandbox { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum PaymentKind { PackPurchase, SubscriptionInvoice }
