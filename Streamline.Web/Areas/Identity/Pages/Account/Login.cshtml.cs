using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Audit;
using Streamline.Core.Email;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditTrail audit) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [Mailbox]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public string ReturnUrl { get; private set; } = "/app";
    public bool ShowResend { get; private set; }

    public async Task OnGetAsync(string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (!ModelState.IsValid) return Page();

        // lockoutOnFailure: five wrong passwords lock the account for 15 minutes.
        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(ReturnUrl);
        if (result.RequiresTwoFactor) return RedirectToPage("./LoginWith2fa", new { ReturnUrl, Input.RememberMe });
        if (result.IsLockedOut) return RedirectToPage("./Lockout");
        if (result.IsNotAllowed && await users.FindByEmailAsync(Input.Email) is { EmailConfirmed: false } user
            && await users.CheckPasswordAsync(user, Input.Password))
        {
            ShowResend = true;
            ModelState.AddModelError("", "Please confirm your e-mail address first: open the link we sent you.");
            return Page();
        }
        // A wrong password for a real account is recorded by the user manager with the failure count.
        if (await users.FindByEmailAsync(Input.Email) is null)
            await audit.WriteAsync(AuditActor.Anonymous, AuditAction.SignInFailed, null, null, $"Sign-in for an unknown e-mail: {Input.Email}");
        ModelState.AddModelError("", "That e-mail and password don't match an account.");
        return Page();
    }

    private string SafeReturnUrl(string? url) => url is not null && Url.IsLocalUrl(url) ? url : "/app";
}
