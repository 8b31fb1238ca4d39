using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Notifications;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Notifications;

/// <summary>
/// The link in a notification mail. Opening it asks first (link scanners open every link); the post unsubscribes,
/// from the page or straight from a mail client (RFC 8058 one-click). It needs no log-in and no antiforgery token: the
/// signed token is the proof, names one member, one workspace and one kind, and cannot be forged or changed.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[KnownHandlersOnly]
public class UnsubscribeModel(UnsubscribeTokens tokens, NotificationPreferences preferences, StreamlineDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public UnsubscribeTarget? Target { get; private set; }
    public string WorkspaceName { get; private set; } = "";
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ReadAsync(ct) ? Page() : Invalid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct) || !await preferences.UnsubscribeAsync(Target!, ct)) return Invalid();
        Done = true;
        return Page();
    }

    private async Task<bool> ReadAsync(CancellationToken ct)
    {
        Target = tokens.Read(Token);
        if (Target is null) return false;
        var name = await db.Workspaces.Where(w => w.Id == Target.WorkspaceId).Select(w => w.Name).SingleOrDefaultAsync(ct);
        WorkspaceName = name ?? "";
        return name is not null;
    }

    private IActionResult Invalid()
    {
        Target = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
