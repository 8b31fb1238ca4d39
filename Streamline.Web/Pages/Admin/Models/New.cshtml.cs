using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Conversations;
using Streamline.Web.Infrastructure;
using Streamline.Core.Audit;

namespace Streamline.Web.Pages.Admin.Models;

[Authorize(Policy = WebSetup.SuperAdminPolicy)]
public class NewModel(ModelCatalogEditor catalog, AuditTrail audit) : PageModel
{
    [BindProperty] public ModelForm Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = Input.ToInput(ModelState);
        if (!ModelState.IsValid || input is null) return Page();
        var saved = await audit.RecordAsync(User.AuditActor(), AuditAction.ModelCreated, c => catalog.AddAsync(input, c), ModelAudit.Note("Added"), ct);
        if (!saved.Succeeded)
        {
            ModelState.AddModelError(saved.Field is { } field ? $"Input.{field}" : "", saved.Error!);
            return Page();
        }
        StatusMessage = $"Added {saved.Model!.Name}.";
        return RedirectToPage("/Admin/Models/Index");
    }
}
