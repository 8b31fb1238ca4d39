using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Automation;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Automation;

/// <summary>The services a customer can run, with their prices, and the workspace's recent runs.</summary>
public class IndexModel(ServiceRegistry registry, ServiceRuns runs, CurrentWorkspace current) : PageModel
{
    public List<ServiceListing> Services { get; private set; } = [];
    public List<ServiceRun> Runs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Services = await registry.ListActiveAsync(ct);
        Runs = await runs.ListAsync(current.Id, 50, ct);
        return Page();
    }
}
