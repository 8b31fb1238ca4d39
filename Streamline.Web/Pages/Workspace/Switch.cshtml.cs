using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Workspace;

public class SwitchModel(CurrentWorkspace current, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/app");

    public async Task<IActionResult> OnPostAsync(Guid workspaceId)
    {
        // Only a workspace the user belongs to; anything else looks like it doesn't exist.
        if (current.Memberships.All(m => m.WorkspaceId != workspaceId)) return NotFound();
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        user.CurrentWorkspaceId = workspaceId;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        return Redirect("/app");
    }
}
