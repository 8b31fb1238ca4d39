using Streamline.Core.Billing;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits.Disputes;

/// <summary>
/// A customer's objection to one ledger entry, reviewed by an admin and resolved with a refund of
/// some or all of the requested credits (a <c>DisputeCredit</c> entry) or rejected with a note.
/// Not to be confused with a card dispute (chargeback), which Stripe reports on a <see cref="Payment"/>.
/// </summary>
public class CreditDispute : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }

    /// <summary>Unique: one dispute per ledger entry.</summary>
    public Guid LedgerEntryId { get; set; }

    public DisputeReason Reason { get; set; }
    public required string Description { get; set; }
    public long RequestedMillicredits { get; set; }
    public DisputeStatus Status { get; set; } = DisputeStatus.Open;
    public long RefundedMillicredits { get; set; }
    public string? AdminNote { get; set; }
    public Guid CreatedByUserId { get; set; }
    public Guid? ReviewerUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReviewStartedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

public enum DisputeReason { IncorrectAmount, ServiceNotDelivered, DuplicateCharge, UnauthorizedUse, Other }

public enum DisputeStatus { Open, InReview, Resolved, Rejected }
