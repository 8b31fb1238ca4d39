using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class ResendEmailConfirmationModel(UserManager<AppUser> users, EmailOutbox outbox, StreamlineDbContext db) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "That doesn't look like an e-mail address.")]
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
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
            var confirmUrl = Url.Page("/Account/ConfirmEmail", null, new { area = "Identity", userId = user.Id, code }, Request.Scheme)!;
            outbox.Queue(user.Email!, "confirm-email", new Dictionary<string, string>
            {
                ["Name"] = user.DisplayName, ["Workspace"] = workspace, ["ConfirmUrl"] = confirmUrl,
            });
            await db.SaveChangesAsync(ct);
        }
        Sent = true;
        ModelState.Clear();
        return Page();
    }
}
