using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits;

/// <summary>
/// One balance change, never updated or deleted (refused by the DbContext and, on PostgreSQL, by a
/// trigger). A correction is a new entry.
/// </summary>
public class LedgerEntry : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WalletId { get; set; }
    public Guid WorkspaceId { get; set; }
    public LedgerEntryType Type { get; set; }

    /// <summary>Signed: credits are positive, debits negative.</summary>
    public long AmountMillicredits { get; set; }

    public long BalanceAfterMillicredits { get; set; }
    public Guid? ActorUserId { get; set; }
    public required string Reason { get; set; }

    /// <summary>What caused it, as <c>kind:id</c>, e.g. <c>checkout:cs_123</c>.</summary>
    public string? RelatedObject { get; set; }

    /// <summary>Unique across the ledger: a repeated key returns the first entry and changes nothing.</summary>
    public required string IdempotencyKey { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum LedgerEntryType
{
    Purchase,
    SubscriptionGrant,
    PromotionBonus,
    AdminGrant,
    AdminRemoval,
    Consumption,
    ReservationHold,
    ReservationCapture,
    ReservationRelease,
    Refund,
    DisputeCredit,
    Clawback,
}
