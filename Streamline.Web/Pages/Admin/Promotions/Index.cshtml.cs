using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Promotions;

[Authorize(Policy = WebSetup.SuperAdminPolicy)]
public class IndexModel(StreamlineDbContext db, PromotionEditor editor) : PageModel
{
    public List<Promotion> Promotions { get; private set; } = [];
    [TempData] public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Promotions = await db.Promotions.AsNoTracking()
            .OrderByDescending(p => p.IsActive).ThenByDescending(p => p.CreatedAt).Take(500).ToListAsync(ct);

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct)
    {
        if (!await editor.DeactivateAsync(id, ct)) return NotFound();
        var promotion = await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == id, ct);
        if (Request.IsHtmx()) return Partial("_PromotionRow", promotion);
        StatusMessage = $"{promotion.Code} is deactivated: new checkouts cannot use it.";
        return RedirectToPage();
    }
}
