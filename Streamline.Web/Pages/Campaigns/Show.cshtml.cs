using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Htmx;

namespace Streamline.Web.Pages.Campaigns;

/// <summary>One campaign: everything it says, its numbers, and the status moves, copy and delete it allows.</summary>
public class ShowModel(StreamlineDbContext db, CampaignEditor editor, CampaignStatsQuery statsQuery, UserManager<AppUser> users) : PageModel
{
    public const string FlashKey = "CampaignFlash";

    public Campaign Campaign { get; private set; } = null!;
    public CampaignStats Stats { get; private set; } = CampaignStats.None;
    public IReadOnlyList<string> Missing { get; private set; } = [];
    [TempData(Key = FlashKey)] public string? Flash { get; set; }
    /// <summary>Why a requested action was refused; the page is answered with 409 then.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStatusAsync(Guid id, CampaignStatus? to, int version, CancellationToken ct)
    {
        if (to is null || !ModelState.IsValid) return BadRequest();
        var result = await editor.ChangeStatusAsync(id, version, to.Value, ct);
        if (result.Outcome == CampaignSaveOutcome.NotFound) return NotFound();
        if (!result.Succeeded) return await RefusedAsync(id, result.Message!, ct);
        Flash = to switch
        {
            CampaignStatus.Active => $"{result.Campaign!.Name} is active: your AI sells it on {CampaignChannelNames.Describe(result.Campaign.Channels)}.",
            CampaignStatus.Paused => $"{result.Campaign!.Name} is paused: your AI stops offering it until you resume it.",
            _ => $"{result.Campaign!.Name} is completed. Its numbers stay here; duplicate it to run it again.",
        };
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDuplicateAsync(Guid id, CancellationToken ct)
    {
        var copy = await editor.DuplicateAsync(id, Guid.Parse(users.GetUserId(User)!), ct);
        if (copy is null) return NotFound();
        Flash = "This is a copy, saved as a draft. Rename it and change what differs, then activate it.";
        return RedirectToPage(new { id = copy.Id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var result = await editor.DeleteDraftAsync(id, ct);
        if (result.Outcome == CampaignSaveOutcome.NotFound) return NotFound();
        if (!result.Succeeded) return await RefusedAsync(id, result.Message!, ct);
        TempData[IndexModel.FlashKey] = $"Deleted the draft {result.Campaign!.Name}.";
        if (!Request.IsHtmx()) return Redirect("/campaigns");
        Response.Htmx(h => h.Redirect("/campaigns"));
        return new OkResult();
    }

    private async Task<IActionResult> RefusedAsync(Guid id, string message, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = message;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } campaign) return false;
        Campaign = campaign;
        Stats = await statsQuery.ForCampaignAsync(id, Campaign.CreatedAt, ct);
        Missing = CampaignLifecycle.MissingForActivation(campaign);
        return true;
    }
}
