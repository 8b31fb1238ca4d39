using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Invitations;

/// <summary>Signed-in only (the fallback policy sends others to log in or register, then back here).</summary>
public class AcceptModel(StreamlineDbContext db, WorkspaceService workspaces, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public string Token { get; private set; } = "";
    public string? Error { get; private set; }

    public void OnGet(string? token)
    {
        Token = token ?? "";
        if (string.IsNullOrEmpty(token)) Error = "This invitation link is incomplete. Open the link from the e-mail again.";
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
        var result = await workspaces.AcceptAsync(token ?? "", user, ct);
        if (result.Error is not null)
        {
            Token = token ?? "";
            Error = result.Error;
            return Page();
        }
        await db.SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(user);
        return Redirect("/app");
    }
}
