using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Workspace;

public class NewModel(StreamlineDbContext db, WorkspaceService workspaces, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public sealed class NewInput
    {
        [Required(ErrorMessage = "Give the workspace a name.")]
        [StringLength(100, MinimumLength = 2, ErrorMessage = "Use between 2 and 100 characters.")]
        [Display(Name = "Workspace name")]
        public string Name { get; set; } = "";
    }

    [BindProperty] public NewInput Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        var workspace = workspaces.Create(Input.Name, user.Id);
        user.CurrentWorkspaceId = workspace.Id;
        await db.SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(user);
        return Redirect("/onboarding");
    }
}
