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
    /// <summary>A debit that takes the balance below this mails the workspace's owners; 0 turns it off.</summary>
    public long LowBalanceThresholdMillicredits { get; set; }

    /// <summary>Set by the debit that crossed the threshold, cleared once the balance is back at or above it.</summary>
    public DateTime? LowBalanceNotifiedAt { get; set; }

    /// <summary>
    /// Set when an AI reply was refused for want of credits and the owners were mailed; cleared by the next
    /// AI hold that succeeds, so owners hear once per time the wallet runs dry, not once per visitor message.
    /// </summary>
    public DateTime? AiOutOfCreditsNotifiedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>A debit from <paramref name="before"/> to <paramref name="after"/> crosses a set threshold: it takes the balance below it.</summary>
    public static bool CrossesLowBalance(long before, long after, long threshold) => threshold > 0 && before >= threshold && after < threshold;
}

/// <summary>A paused wallet refuses spending; grants, refunds and other credits still arrive.</summary>
public enum WalletStatus { Active, Paused }
