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
public class EditModel(StreamlineDbContext db, PromotionEditor editor, AuditTrail audit) : PageModel
{
    public sealed record RedemptionRow(Guid WorkspaceId, string WorkspaceName, int Sequence, RedemptionStatus Status, DateTime CreatedAt, DateTime? RedeemedAt);

    [BindProperty] public PromotionInput Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }
    public Promotion Promotion { get; private set; } = null!;
    public List<RedemptionRow> Redemptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = PromotionInput.From(Promotion);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var terms = Input.ToTerms(out var errors);
        var saved = terms is null ? null : await audit.RecordAsync(User.AuditActor(), AuditAction.PromotionEdited,
            c => editor.UpdateAsync(id, terms, Input.IsActive, c), PromotionAudit.Note, ct);
        if (terms is not null && saved is null) return NotFound();
        foreach (var error in saved?.Errors ?? errors)
            ModelState.AddModelError($"{nameof(Input)}.{PromotionInput.InputField(error.Field)}", error.Message);
        if (saved is not { Succeeded: true }) return Page();

        StatusMessage = $"Promotion {saved.Promotion!.Code} saved.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await db.Promotions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is not { } promotion) return false;
        Promotion = promotion;
        Redemptions = await db.PromotionRedemptions.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(r => r.PromotionId == id)
            .Join(db.Workspaces, r => r.WorkspaceId, w => w.Id, (r, w) => new { Redemption = r, w.Name })
            .OrderByDescending(x => x.Redemption.CreatedAt).Take(500)
            .Select(x => new RedemptionRow(x.Redemption.WorkspaceId, x.Name, x.Redemption.Sequence, x.Redemption.Status,
                x.Redemption.CreatedAt, x.Redemption.RedeemedAt))
            .ToListAsync(ct);
        return true;
    }
}
