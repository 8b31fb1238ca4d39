using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class ResendEmailConfirmationModel(UserManager<AppUser> users, AccountEmails mails, StreamlineDbContext db) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [Mailbox]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email);
        if (user is { EmailConfirmed: false })
        {
            var workspace = await db.Workspaces.Where(w => w.Id == user.CurrentWorkspaceId).Select(w => w.Name).FirstOrDefaultAsync(ct) ?? "your workspace";
            await mails.QueueConfirmationAsync(Url, Request.Scheme, user, workspace);
            await db.SaveChangesAsync(ct);
        }
        Sent = true;
        ModelState.Clear();
        return Page();
    }
}
