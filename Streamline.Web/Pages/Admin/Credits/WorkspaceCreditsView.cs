using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Admin.Credits;

/// <summary>The part of a workspace's credit page that changes when an admin acts: balance, status, totals and the ledger.</summary>
public sealed record WorkspaceCreditsView(
    Guid WorkspaceId,
    Wallet? Wallet,
    CreditTotals Totals,
    List<LedgerEntry> Entries,
    IReadOnlyDictionary<Guid, string> ActorEmails,
    int LedgerPage,
    int LedgerPages,
    bool OutOfBand = false)
{
    public const int LedgerPageSize = 50;
    public bool IsPaused => Wallet?.Status == WalletStatus.Paused;
}
