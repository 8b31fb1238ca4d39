using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;

namespace Streamline.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Signs out and goes back where the form said, if that is a plain address of this site. The stock page's
/// LocalRedirect threw on anything else (another site, or characters a Location header cannot carry): a 500 where
/// the start page will do.
/// </summary>
[AllowAnonymous]
public class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index", new { area = "" });

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        await signIn.SignOutAsync();
        return LocalRedirect(IsPlainLocal(returnUrl) ? returnUrl! : "/");
    }

    private bool IsPlainLocal(string? url) =>
        !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) && url.All(c => char.IsAscii(c) && !char.IsControl(c));
}
