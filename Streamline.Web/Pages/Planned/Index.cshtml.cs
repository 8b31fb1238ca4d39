using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Web.Pages.Shared;

namespace Streamline.Web.Pages.Planned;

/// <summary>Areas of the product that are specified but not built yet: an honest empty state, no sample data.</summary>
public class IndexModel : PageModel
{
    public NavItem Area { get; private set; } = null!;

    public IActionResult OnGet(string area)
    {
        var found = Navigation.PlannedArea(area);
        if (found is null) return NotFound();
        Area = found;
        return Page();
    }
}
