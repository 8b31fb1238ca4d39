using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class RegisterModel(
    UserManager<AppUser> users, StreamlineDbContext db, WorkspaceService workspaces, AccountEmails mails, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Tell us your name.")]
        [StringLength(100, ErrorMessage = "Keep your name under 100 characters.")]
        [Display(Name = "Your name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your e-mail address.")]
        [Mailbox]
        [StringLength(256)]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [StringLength(100, ErrorMessage = "Keep the workspace name under 100 characters.")]
        [Display(Name = "Workspace name")]
        public string? WorkspaceName { get; set; }

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords don't match.")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    private const string DefaultLanding = "/app";
    public string ReturnUrl { get; private set; } = DefaultLanding;

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (!ModelState.IsValid) return Page();

        // The account, its workspace and the confirmation mail commit together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser
        {
            UserName = Input.Email.Trim(), Email = Input.Email.Trim(), DisplayName = Input.Name.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            await tx.RollbackAsync(ct);
            foreach (var error in created.Errors)
                ModelState.AddModelError(error.Code.Contains("Password") ? "Input.Password" : error.Code.Contains("Email") || error.Code.Contains("UserName") ? "Input.Email" : "", Friendly(error));
            return Page();
        }

        var workspaceName = string.IsNullOrWhiteSpace(Input.WorkspaceName) ? $"{user.DisplayName}'s workspace" : Input.WorkspaceName;
        var workspace = workspaces.Create(workspaceName, user.Id);
        user.CurrentWorkspaceId = workspace.Id;

        // The dashboard is only the default landing; a new workspace's first stop is the onboarding wizard.
        var afterConfirm = ReturnUrl == DefaultLanding ? "/onboarding" : ReturnUrl;
        await mails.QueueConfirmationAsync(Url, Request.Scheme, user, workspace.Name, afterConfirm);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return RedirectToPage("./CheckEmail", new { email = user.Email });
    }

    // Identity's duplicate-user-name message would repeat the e-mail as a "user name": say it plainly.
    private static string Friendly(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" or "DuplicateEmail" => "An account with this e-mail already exists. Log in or reset your password.",
        _ => error.Description,
    };

    private string SafeReturnUrl(string? url) => url is not null && Url.IsLocalUrl(url) ? url : DefaultLanding;
}
