using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Conversations;

namespace Streamline.Web.Pages.Admin.Models;

/// <summary>The model catalog: every admin may read it (it explains what AI replies cost); only SuperAdmins change it.</summary>
public class IndexModel(ModelCatalogEditor catalog) : PageModel
{
    public List<AiModel> Models { get; private set; } = [];
    public bool CanEdit => User.IsInRole(Roles.SuperAdmin);
    [Microsoft.AspNetCore.Mvc.TempData] public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Models = await catalog.ListAsync(ct);
}
