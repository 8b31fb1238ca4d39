using System.Linq.Expressions;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits;

/// <summary>
/// One per workspace. The balance is changed only by <see cref="CreditService"/>, always together with
/// one <see cref="LedgerEntry"/>, so it equals the sum of the wallet's ledger.
/// </summary>
public class Wallet : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public long BalanceMillicredits { get; set; }
    public WalletStatus Status { get; set; } = WalletStatus.Active;
    /// <summary>A balance below this mails the workspace's owners once (<see cref="OwesLowBalanceNotice"/>); 0 turns it off.</summary>
    public long LowBalanceThresholdMillicredits { get; set; }

    /// <summary>Set when the owners are told the balance is below the threshold, cleared once it is back at or above it.</summary>
    public DateTime? LowBalanceNotifiedAt { get; set; }

    /// <summary>
    /// Set when an AI reply was refused for want of credits and the owners were mailed; cleared by the next
    /// AI hold that succeeds, so owners hear once per time the wallet runs dry, not once per visitor message.
    /// </summary>
    public DateTime? AiOutOfCreditsNotifiedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// The owners are owed the low-balance mail: the balance is below a set threshold and they have not been told since it went
    /// below. Written once as an expression: the database evaluates it in the conditional claim of the notice (so of any number of
    /// concurrent debits one mails), and C# on the wallet as a one-statement write left it (<see cref="OwesLowBalanceNoticeAfter"/>).
    /// </summary>
    public static readonly Expression<Func<Wallet, bool>> OwesLowBalanceNotice =
        w => w.LowBalanceThresholdMillicredits > 0 && w.BalanceMillicredits < w.LowBalanceThresholdMillicredits && w.LowBalanceNotifiedAt == null;

    /// <summary>The notice is spent once the balance is back at or above the threshold, so the next fall below it is told again.</summary>
    public static readonly Expression<Func<Wallet, bool>> LowBalanceNoticeSpent =
        w => w.LowBalanceNotifiedAt != null && w.BalanceMillicredits >= w.LowBalanceThresholdMillicredits;

    /// <summary>
    /// Whether a debit of <paramref name="type"/> may take from a wallet in <paramref name="status"/>. Pausing stops the workspace's
    /// use of credits; an admin's removal is a correction, not use, and must work on a paused wallet: pausing is exactly what an
    /// admin does before taking back credits granted by mistake or fraud.
    /// </summary>
    public static bool TakesDebit(WalletStatus status, LedgerEntryType type) => status == WalletStatus.Active || type == LedgerEntryType.AdminRemoval;

    /// <summary>The statuses <see cref="TakesDebit"/> allows for <paramref name="type"/>, for the debit's conditional UPDATE.</summary>
    public static WalletStatus[] StatusesTaking(LedgerEntryType type) => [.. Enum.GetValues<WalletStatus>().Where(s => TakesDebit(s, type))];

    private static readonly Func<Wallet, bool> Owes = OwesLowBalanceNotice.Compile();
    private static readonly Func<Wallet, bool> Spent = LowBalanceNoticeSpent.Compile();

    public static bool OwesLowBalanceNoticeAfter(long balance, long threshold, DateTime? notifiedAt) =>
        Owes(new Wallet { BalanceMillicredits = balance, LowBalanceThresholdMillicredits = threshold, LowBalanceNotifiedAt = notifiedAt });

    public static bool LowBalanceNoticeSpentAfter(long balance, long threshold, DateTime? notifiedAt) =>
        Spent(new Wallet { BalanceMillicredits = balance, LowBalanceThresholdMillicredits = threshold, LowBalanceNotifiedAt = notifiedAt });
}

/// <summary>A paused wallet refuses spending; grants, refunds and other credits still arrive.</summary>
public enum WalletStatus { Active, Paused }
