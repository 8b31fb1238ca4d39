using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Monitoring;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Monitoring;

/// <summary>The platform's health as tiles; htmx refreshes the tiles in place (the fragment is this same admin-only page).</summary>
[KnownHandlersOnly]
public class IndexModel(MonitoringReport report) : PageModel
{
    public MonitoringSnapshot Snapshot { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Snapshot = await report.SnapshotAsync(ct);
        Response.Htmx(h => h.WithVary());
        return Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest() ? Partial("_Tiles", Snapshot) : Page();
    }
}
