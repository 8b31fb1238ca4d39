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

    /// <summary>
    /// When a held reservation may be closed as <paramref name="closeAs"/>, as bounds on its expiry checked on the row its close
    /// claims: a capture only before it expires, an expiry only once it has, a release at any time. (No close ever takes
    /// more than the hold: that bound is the captured amount itself.)
    /// </summary>
    public static (DateTime? ExpiresAfter, DateTime? ExpiredBy) ClosableWhen(ReservationStatus closeAs, DateTime now) => closeAs switch
    {
        ReservationStatus.Captured => (now, null),
        ReservationStatus.Expired => (null, now),
        _ => (null, null),
    };
}

public enum ReservationStatus { Held, Captured, Released, Expired }
