using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Campaigns;

/// <summary>The workspace's campaigns, filtered by status (the filter swapped in place by htmx and kept in the URL).</summary>
public class IndexModel(StreamlineDbContext db, CurrentWorkspace current) : PageModel
{
    public const string FlashKey = "CampaignsFlash";
    public const int Limit = 500;

    /// <summary>"draft", "active", "paused" or "completed"; anything else shows every campaign.</summary>
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [TempData(Key = FlashKey)] public string? Flash { get; set; }

    public CampaignStatus? Status => Enum.TryParse<CampaignStatus>(StatusFilter, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
    public List<Campaign> Campaigns { get; private set; } = [];
    public Dictionary<CampaignStatus, int> Counts { get; private set; } = [];
    public int Total => Counts.Values.Sum();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Counts = await db.Campaigns.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var campaigns = db.Campaigns.AsNoTracking();
        if (Status is { } status) campaigns = campaigns.Where(c => c.Status == status);
        Campaigns = await campaigns.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).Take(Limit).ToListAsync(ct);

        Response.Htmx(h => h.WithVary());
        return Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest() ? Partial("_CampaignList", this) : Page();
    }

    public static string FilterUrl(CampaignStatus? status) => status is { } s ? $"/campaigns?status={s.ToString().ToLowerInvariant()}" : "/campaigns";
}
