using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Notifications;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Notifications;

/// <summary>Which e-mails the signed-in member gets from the workspace they are in.</summary>
public class PreferencesModel(NotificationPreferences preferences, CurrentWorkspace current) : PageModel
{
    /// <summary>The kinds to e-mail: the boxes left ticked. An unticked box is simply absent from the post.</summary>
    [BindProperty] public List<NotificationKind> Email { get; set; } = [];

    public string WorkspaceName => current.Active?.WorkspaceName ?? "";
    public IReadOnlyDictionary<NotificationKind, bool> Current { get; private set; } = new Dictionary<NotificationKind, bool>();
    public bool Saved { get; private set; }

    private Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task<IActionResult> OnGetAsync(bool saved, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Current = await preferences.ForAsync(UserId, current.Id, ct);
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(Email), "Those settings could not be read. Tick the e-mails you want and save again.");
            Current = await preferences.ForAsync(UserId, current.Id, ct);
            return Page();
        }
        var chosen = NotificationKinds.All.ToDictionary(k => k, Email.Contains);
        await preferences.SetAsync(UserId, current.Id, chosen, ct);
        return RedirectToPage(new { saved = true });
    }
}
