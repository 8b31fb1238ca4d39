using Streamline.Core.Credits;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Billing;

/// <summary>
/// Our record of a checkout we started (Stripe-hosted or sandbox): what was offered at which price,
/// so fulfilment never trusts the amount or the credits from the event alone.
/// </summary>
public class CheckoutSession : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }

    /// <summary>Stripe's session id (<c>cs_…</c>) or a sandbox one (<c>cs_sandbox_…</c>).</summary>
    public string ExternalId { get; set; } = "";

    public required string PackageCode { get; set; }
    public CreditPackageKind Kind { get; set; }
    public long ListPriceCents { get; set; }

    /// <summary>What the customer pays, after a percent-off promotion.</summary>
    public long AmountCents { get; set; }

    public string Currency { get; set; } = "usd";
    public long CreditsMillicredits { get; set; }

    /// <summary>Extra credits from a bonus promotion, granted with the purchase as their own entry.</summary>
    public long BonusMillicredits { get; set; }

    public Guid? PromotionId { get; set; }
    public CheckoutStatus Status { get; set; } = CheckoutStatus.Open;
    public bool IsSandbox { get; set; }
    public Guid CreatedByUserId { get; set; }
    public string? CustomerEmail { get; set; }
    public string? Url { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

public enum CheckoutStatus { Open, Completed, Expired }
