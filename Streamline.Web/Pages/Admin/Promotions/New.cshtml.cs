using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Billing;
using Streamline.Web.Infrastructure;
using Streamline.Core.Audit;

namespace Streamline.Web.Pages.Admin.Promotions;

[Authorize(Policy = WebSetup.SuperAdminPolicy)]
public class NewModel(PromotionEditor editor, AuditTrail audit) : PageModel
{
    [BindProperty] public PromotionInput Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var terms = Input.ToTerms(out var errors);
        var saved = terms is null ? null : await audit.RecordAsync(User.AuditActor(), AuditAction.PromotionCreated,
            c => editor.CreateAsync(terms, Input.IsActive, c), PromotionAudit.Note, ct);
        foreach (var error in saved?.Errors ?? errors)
            ModelState.AddModelError($"{nameof(Input)}.{PromotionInput.InputField(error.Field)}", error.Message);
        if (saved is not { Succeeded: true }) return Page();

        StatusMessage = $"Promotion {saved.Promotion!.Code} created.";
        return RedirectToPage("/Admin/Promotions/Edit", new { id = saved.Promotion.Id });
    }
}
