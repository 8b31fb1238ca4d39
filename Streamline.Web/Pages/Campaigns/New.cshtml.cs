using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Streamline.Core.Accounts;
using Streamline.Core.Campaigns;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Campaigns;

/// <summary>The form's first step before the campaign exists; leaving it creates the draft.</summary>
public class NewModel(CampaignEditor editor, CurrentWorkspace current, UserManager<AppUser> users) : CampaignFormPage
{
    public IActionResult OnGet() => current.Active is null ? RedirectToPage("/Workspace/New") : Render(new CampaignEditorView());

    public async Task<IActionResult> OnPostAsync(string? go, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        if (Unreadable()) return Render(AsTyped(null, EditorStep.Product));
        var result = await editor.CreateDraftAsync(current.Id, Guid.Parse(users.GetUserId(User)!), Product, ct);
        if (result.Succeeded) return Continue(result.Campaign!, EditorStep.Product, go);
        AddErrors(EditorStep.Product, result.Errors);
        return Render(AsTyped(null, EditorStep.Product));
    }

    public IActionResult OnPostRows(string? row) => current.Active is null ? NotFound() : Rows(null, EditorStep.Product, row);
}
