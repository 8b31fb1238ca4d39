using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;

namespace Streamline.Web.Pages.Campaigns;

/// <summary>
/// The campaign form on a saved campaign, one step per URL. Leaving a step saves it; every handler
/// first finds the campaign through the workspace filter, so another workspace's campaign is a 404.
/// </summary>
public class EditModel(StreamlineDbContext db, CampaignEditor editor) : CampaignFormPage
{
    public async Task<IActionResult> OnGetAsync(Guid id, string? step, CancellationToken ct)
    {
        if (EditorSteps.FromSlug(step) is not { } at || await FindAsync(id, ct) is not { } campaign) return NotFound();
        if (!CampaignLifecycle.CanEdit(campaign.Status))
        {
            TempData[ShowModel.FlashKey] = "A completed campaign can no longer be changed. Duplicate it to run it again.";
            return Redirect($"/campaigns/{id}");
        }
        return Render(CampaignEditorView.Of(campaign, at));
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? step, string? go, CancellationToken ct)
    {
        if (EditorSteps.FromSlug(step) is not { } at || await FindAsync(id, ct) is not { } campaign) return NotFound();
        // The review has nothing to save: its buttons only lead elsewhere.
        if (at == EditorStep.Review) return Continue(campaign, at, go);
        if (Unreadable()) return Render(AsTyped(campaign, at));

        var result = await editor.SaveStepAsync(id, Version, Input(at), ct);
        switch (result.Outcome)
        {
            case CampaignSaveOutcome.Saved:
                return Continue(result.Campaign!, at, go);
            case CampaignSaveOutcome.NotFound:
                return NotFound();
            case CampaignSaveOutcome.Stale:
                return Render(AsTyped(campaign, at, stale: true));
            default:
                AddErrors(at, result.Errors);
                return Render(AsTyped(campaign, at));
        }
    }

    public async Task<IActionResult> OnPostRowsAsync(Guid id, string? step, string? row, CancellationToken ct)
    {
        if (EditorSteps.FromSlug(step) is not { } at || await FindAsync(id, ct) is not { } campaign) return NotFound();
        return Rows(campaign, at, row);
    }

    public async Task<IActionResult> OnPostActivateAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is null) return NotFound();
        var result = await editor.ChangeStatusAsync(id, Version, CampaignStatus.Active, ct);
        if (result.Succeeded)
        {
            var c = result.Campaign!;
            TempData[ShowModel.FlashKey] = $"{c.Name} is active: your AI now sells {c.ProductName} on {CampaignChannelNames.Describe(c.Channels)}.";
            return GoTo($"/campaigns/{id}");
        }
        if (await FindAsync(id, ct) is not { } now) return NotFound();
        // Incomplete, or changed since it was reviewed: review again what is saved now.
        ModelState.Clear();
        ModelState.AddModelError("", result.Outcome == CampaignSaveOutcome.Stale
            ? $"{result.Message} Review the latest version below, then activate."
            : result.Message!);
        return Render(CampaignEditorView.Of(now, EditorStep.Review));
    }

    private Task<Campaign?> FindAsync(Guid id, CancellationToken ct) =>
        db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
}
