using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Conversations;
using Streamline.Web.Infrastructure;
using Streamline.Core.Audit;

namespace Streamline.Web.Pages.Admin.Models;

/// <summary>One catalog row: its prices and tier, switching it on or off, and removing it (never the offline engine).</summary>
[Authorize(Policy = WebSetup.SuperAdminPolicy)]
public class EditModel(ModelCatalogEditor catalog, AuditTrail audit) : PageModel
{
    [BindProperty] public ModelForm Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }
    public AiModel Row { get; private set; } = null!;
    public bool IsOffline => Row.Name == ModelCatalog.OfflineModelName;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is not { } model) return NotFound();
        Row = model;
        Input = ModelForm.From(model);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await catalog.FindAsync(id, ct) is not { } model) return NotFound();
        Row = model;
        var input = Input.ToInput(ModelState);
        if (!ModelState.IsValid || input is null) return Page();
        var saved = await audit.RecordAsync(User.AuditActor(), AuditAction.ModelEdited, c => catalog.UpdateAsync(id, input, c), ModelAudit.Note("Saved"), ct);
        if (!saved.Succeeded)
        {
            ModelState.AddModelError(saved.Field is { } field ? $"Input.{field}" : "", saved.Error!);
            return Page();
        }
        StatusMessage = $"Saved {saved.Model!.Name}. New AI calls are priced with it from now on.";
        return RedirectToPage("/Admin/Models/Edit", new { id });
    }

    public Task<IActionResult> OnPostActivateAsync(Guid id, CancellationToken ct) => SwitchAsync(id, true, ct);

    public Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct) => SwitchAsync(id, false, ct);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var deleted = await audit.RecordAsync(User.AuditActor(), AuditAction.ModelDeleted, c => catalog.DeleteAsync(id, c), ModelAudit.Note("Deleted"), ct);
        if (deleted == ModelEdit.NotFound) return NotFound();
        StatusMessage = deleted.Succeeded ? $"Deleted {deleted.Model!.Name}." : deleted.Error;
        var url = deleted.Succeeded ? "/admin/models" : $"/admin/models/{id}";
        // htmx (the confirming button) is sent on with HX-Redirect: a 302 would be followed and swapped in place.
        if (!Request.IsHtmx()) return Redirect(url);
        Response.Htmx(h => h.Redirect(url));
        return new OkResult();
    }

    private async Task<IActionResult> SwitchAsync(Guid id, bool active, CancellationToken ct)
    {
        var saved = await audit.RecordAsync(User.AuditActor(), active ? AuditAction.ModelActivated : AuditAction.ModelDeactivated,
            c => catalog.SetActiveAsync(id, active, c), ModelAudit.Note(active ? "Activated" : "Deactivated"), ct);
        if (saved == ModelEdit.NotFound) return NotFound();
        StatusMessage = $"{saved.Model!.Name} is now {(active ? "active: \"auto\" may pick it" : "inactive: \"auto\" no longer picks it")}.";
        return RedirectToPage("/Admin/Models/Index");
    }
}
