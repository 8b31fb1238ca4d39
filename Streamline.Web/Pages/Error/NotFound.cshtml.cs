using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Streamline.Web.Pages.Error;

/// <summary>
/// Catches any URL no other endpoint claims, so an anonymous visitor gets a 404 page rather than
/// being sent to log in for a page that does not exist. Its route leaves out /api and /webhooks, so a known API
/// route called with the wrong method gets routing's 405 with <c>Allow</c> (as problem+json) instead of this page.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public class NotFoundModel : PageModel
{
    public IActionResult OnGet() => NotFoundPage();
    public IActionResult OnPost() => NotFoundPage();
    public IActionResult OnPut() => NotFoundPage();
    public IActionResult OnPatch() => NotFoundPage();
    public IActionResult OnDelete() => NotFoundPage();
    public IActionResult OnOptions() => NotFoundPage();

    private IActionResult NotFoundPage()
    {
        // API callers get problem+json from the status-code pages, not this HTML page.
        if (Infrastructure.WebSetup.IsApi(HttpContext)) return NotFound();
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}
