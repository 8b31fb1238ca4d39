using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Streamline.Web.Pages.Error;

/// <summary>
/// Catches any URL no other endpoint claims, so an anonymous visitor gets a 404 page rather than
/// being sent to log in for a page that does not exist.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public class NotFoundModel : PageModel
{
    public IActionResult OnGet() => NotFoundPage();
    public IActionResult OnPost() => NotFoundPage();

    private PageResult NotFoundPage()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}
