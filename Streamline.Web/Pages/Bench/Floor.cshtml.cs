using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Web.Pages.Bench;

/// <summary>
/// The floor bench/pages.sh measures the dashboard against: a signed-in page of this app in the same layout (top bar,
/// sidebar, workspace switcher, balance) whose own work is one small query. What the dashboard costs above it is
/// the dashboard's; below it is the framework's. Routed only with Bench:Enabled (<see cref="Infrastructure.WebSetup"/>).
/// </summary>
public class FloorModel(StreamlineDbContext db) : PageModel
{
    public const string PagePath = "/Bench/Floor";

    public int Campaigns { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Campaigns = await db.Campaigns.CountAsync(ct);
}
