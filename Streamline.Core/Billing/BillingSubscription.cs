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

public static class BillingSubscriptionQueries
{
    /// <summary>
    /// The workspace's plan first: a live subscription before an ended one (a plan switched or cancelled in the past can
    /// have been touched later than the one that is running), then the newest.
    /// </summary>
    public static IOrderedQueryable<BillingSubscription> CurrentFirst(this IQueryable<BillingSubscription> subscriptions) =>
        subscriptions.OrderByDescending(s => s.Status == "active" || s.Status == "trialing" || s.Status == "past_due")
            .ThenByDescending(s => s.UpdatedAt);
}

/// <summary>The Stripe customer of a workspace, needed for the Customer Portal and repeat checkouts.</summary>
public class BillingCustomer : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public required string StripeCustomerId { get; set; }
    public DateTime CreatedAt { get; set; }
}
