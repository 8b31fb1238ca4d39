using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Formatting;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits;

/// <summary>
/// Nightly: finds wallets whose balance is not the sum of their ledger and mails the platform admins
/// one list of them. Returns how many wallets disagree.
/// </summary>
public sealed class ReconcileWallets(CreditService credits, StreamlineDbContext db, EmailOutbox outbox)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var found = await credits.ReconcileAsync(ct);
        if (found.Count == 0) return 0;

        var admins = await db.AdminEmailsAsync(ct);

        var wallets = string.Join("; ", found.OrderBy(d => d.WalletId).Select(d =>
            $"wallet {d.WalletId} (workspace {d.WorkspaceId}): balance {CreditAmount.Format(d.BalanceMillicredits)}, " +
            $"ledger sum {CreditAmount.Format(d.LedgerSumMillicredits)}"));
        var disagreeing = found.Count == 1 ? "1 wallet disagrees with its ledger" : $"{Plural.Of(found.Count, "wallet")} disagree with their ledger";
        var values = new Dictionary<string, string> { ["Disagreeing"] = disagreeing, ["Wallets"] = wallets };
        foreach (var to in admins)
            outbox.Queue(to, "wallet-discrepancy", values);
        await db.SaveChangesAsync(ct);
        return found.Count;
    }
}
