using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;

namespace Streamline.Web.Pages.Credits.Disputes;

/// <summary>One of the current workspace's disputes with the charge it is about and where it stands.</summary>
public class ShowModel(StreamlineDbContext db) : PageModel
{
    public CreditDispute Dispute { get; private set; } = null!;
    public LedgerEntry Entry { get; private set; } = null!;

    /// <summary>What the disputed charge cost: for a run's hold, the part it kept.</summary>
    public long Charged { get; private set; }

    /// <summary>The refund entry of a resolved dispute, found by the key the refund was written under.</summary>
    public LedgerEntry? Refund { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        // Through the workspace query filter: another workspace's dispute is simply not found.
        var dispute = await db.CreditDisputes.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null) return NotFound();
        Dispute = dispute;
        Entry = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.Id == dispute.LedgerEntryId, ct);
        Charged = await CreditHistory.ChargedAsync(Entry, db.LedgerEntries, db.CreditReservations, ct) ?? -Entry.AmountMillicredits;
        var key = CreditDisputeService.CreditKey(id);
        Refund = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.IdempotencyKey == key, ct);
        return Page();
    }
}
