using Streamline.Core.Workspaces;

namespace Streamline.Core.Billing;

/// <summary>
/// A code customers enter at checkout: a percent off the price of a pack, or bonus credits with any
/// purchase, within a validity window and redemption limits.
/// </summary>
public class Promotion
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Stored upper-case; matched case-insensitively.</summary>
    public required string Code { get; set; }

    public string Description { get; set; } = "";

    /// <summary>1–100, applies to packs (a subscription's price is Stripe's to discount).</summary>
    public int? PercentOff { get; set; }

    public long? BonusMillicredits { get; set; }
    public DateTime? StartsAt { get; set; }
    public DateTime? EndsAt { get; set; }

    /// <summary>Across all workspaces; null is unlimited.</summary>
    public int? MaxRedemptions { get; set; }

    public int MaxRedemptionsPerWorkspace { get; set; } = 1;

    /// <summary>Claimed redemptions, pending checkouts included; raised by a conditional UPDATE so the total limit holds under concurrency.</summary>
    public int RedemptionCount { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One use of a promotion by a workspace. Claimed (Pending) when a checkout starts, Redeemed when it is
/// paid, deleted when the checkout expires. (PromotionId, WorkspaceId, Sequence) is unique, which
/// makes the per-workspace limit exact under concurrency.
/// </summary>
public class PromotionRedemption : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PromotionId { get; set; }
    public Guid WorkspaceId { get; set; }
    public int Sequence { get; set; }
    public Guid CheckoutSessionId { get; set; }
    public RedemptionStatus Status { get; set; } = RedemptionStatus.Pending;
    public DateTime CreatedAt { get; set; }
    public DateTime? RedeemedAt { get; set; }
}

public enum RedemptionStatus { Pending, Redeemed }
