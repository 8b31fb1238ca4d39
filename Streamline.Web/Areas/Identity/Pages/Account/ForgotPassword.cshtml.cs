using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class ForgotPasswordModel(UserManager<AppUser> users, AccountEmails mails, StreamlineDbContext db) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [Mailbox]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();

        // The answer is the same whether or not the account exists, so the form reveals nothing.
        var user = await users.FindByEmailAsync(Input.Email);
        if (user is { EmailConfirmed: true })
        {
            await mails.QueuePasswordResetAsync(Url, Request.Scheme, user);
            await db.SaveChangesAsync(ct);
        }
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
