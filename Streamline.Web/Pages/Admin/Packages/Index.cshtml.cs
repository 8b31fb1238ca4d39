using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Packages;

[Authorize(Policy = WebSetup.SuperAdminPolicy)]
public class IndexModel(StreamlineDbContext db) : PageModel
{
    public List<CreditPackage> Packages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Packages = await db.CreditPackages.AsNoTracking().OrderBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(ct);
}
