using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits;

/// <summary>
/// Credits held for an operation whose cost is known only afterwards. The hold has already left the
/// balance (a <see cref="LedgerEntryType.ReservationHold"/> entry); closing it returns what was not
/// used as one <see cref="LedgerEntryType.ReservationRelease"/> entry. It closes exactly once: every
/// close claims the row with <c>WHERE Status = Held</c>.
/// </summary>
public class CreditReservation : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WalletId { get; set; }
    public Guid WorkspaceId { get; set; }
    public long AmountMillicredits { get; set; }
    public long CapturedMillicredits { get; set; }
    public ReservationStatus Status { get; set; } = ReservationStatus.Held;
    public required string Description { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>The key of the capture or release that closed it, so a repeat of that call is recognised.</summary>
    public string? CloseIdempotencyKey { get; set; }
}

public enum ReservationStatus { Held, Captured, Released, Expired }
