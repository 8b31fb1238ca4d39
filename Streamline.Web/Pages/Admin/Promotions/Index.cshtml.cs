using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;
using Streamline.Web.Infrastructure;
using Streamline.Core.Audit;

namespace Streamline.Web.Pages.Admin.Promotions;

[Authorize(Policy = WebSetup.SuperAdminPolicy)]
public class IndexModel(StreamlineDbContext db, PromotionEditor editor, AuditTrail audit) : PageModel
{
    public List<Promotion> Promotions { get; private set; } = [];
    [TempData] public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Promotions = await db.Promotions.AsNoTracking()
            .OrderByDescending(p => p.IsActive).ThenByDescending(p => p.CreatedAt).Take(500).ToListAsync(ct);

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct)
    {
        var code = await db.Promotions.Where(p => p.Id == id).Select(p => p.Code).SingleOrDefaultAsync(ct);
        if (code is null || !await audit.RecordAsync(User.AuditActor(), AuditAction.PromotionDeactivated, c => editor.DeactivateAsync(id, c),
                done => done ? new AuditNote(null, $"promotion:{id}", $"Deactivated promotion {code}") : null, ct))
            return NotFound();
        var promotion = await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == id, ct);
        if (Request.IsHtmx()) return Partial("_PromotionRow", promotion);
        StatusMessage = $"{promotion.Code} is deactivated: new checkouts cannot use it.";
        return RedirectToPage();
    }
}
