using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class CheckEmailModel : PageModel
{
    public string Email { get; private set; } = "";

    public void OnGet(string? email) => Email = email ?? "your address";
}
