using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Streamline.Core.Accounts;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class ConfirmEmailModel(UserManager<AppUser> users) : PageModel
{
    public bool Confirmed { get; private set; }
    public string ReturnUrl { get; private set; } = "/app";

    public async Task<IActionResult> OnGetAsync(string? userId, string? code, string? returnUrl)
    {
        ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/app";
        // The store parses the id as a Guid and throws on anything else: a mangled id is the same dead link as a wrong one.
        if (userId is null || code is null || !Guid.TryParse(userId, out _)) return Page();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return Page();
        try
        {
            var token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
            Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
        }
        catch (FormatException)
        {
            // A mangled link: show the "didn't work" page, not an error.
        }
        return Page();
    }
}
