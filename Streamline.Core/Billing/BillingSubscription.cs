using Streamline.Core.Workspaces;

namespace Streamline.Core.Billing;

/// <summary>
/// A workspace's monthly plan as Stripe (or the sandbox) last told us. Credits for a period are granted
/// once, keyed by subscription + period start, by whichever of <c>invoice.paid</c> and the recurring
/// grant job comes first.
/// </summary>
public class BillingSubscription : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public required string StripeSubscriptionId { get; set; }
    public string? StripeCustomerId { get; set; }
    public required string PackageCode { get; set; }

    /// <summary>Stripe's status: active, trialing, past_due, unpaid, canceled, incomplete…</summary>
    public string Status { get; set; } = "incomplete";

    public DateTime? CurrentPeriodStart { get; set; }
    public DateTime? CurrentPeriodEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public bool IsSandbox { get; set; }

    /// <summary>Creation time of the newest event applied: an older event arriving late changes nothing.</summary>
    public DateTime LastEventAt { get; set; }

    /// <summary>The period end the renewal reminder was sent for, so it goes once per period.</summary>
    public DateTime? RenewalReminderSentFor { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsLive => Status is "active" or "trialing" or "past_due";
}

/// <summary>The Stripe customer of a workspace, needed for the Customer Portal and repeat checkouts.</summary>
public class BillingCustomer : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public required string StripeCustomerId { get; set; }
    public DateTime CreatedAt { get; set; }
}
