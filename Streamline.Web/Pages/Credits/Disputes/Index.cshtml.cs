using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Credits.Disputes;

public class IndexModel(StreamlineDbContext db, CurrentWorkspace current) : PageModel
{
    public sealed record Row(CreditDispute Dispute, DateTime EntryDate, string EntryReason, long EntryAmount);

    public const string FlashKey = "DisputesFlash";

    [TempData(Key = FlashKey)] public string? Flash { get; set; }
    public List<Row> Disputes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        // Both sets are scoped to the current workspace by the query filter.
        var rows = await db.CreditDisputes.AsNoTracking()
            .Join(db.LedgerEntries, d => d.LedgerEntryId, e => e.Id, (d, e) => new { Dispute = d, e.CreatedAt, e.Reason, e.AmountMillicredits })
            .OrderByDescending(x => x.Dispute.CreatedAt).Take(200).ToListAsync(ct);
        Disputes = rows.Select(x => new Row(x.Dispute, x.CreatedAt, x.Reason, x.AmountMillicredits)).ToList();
        return Page();
    }
}
