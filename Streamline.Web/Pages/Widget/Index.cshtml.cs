using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Hosting;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Widget;

/// <summary>
/// The website chat widget's settings and embed snippet. Owners edit; members see the settings and copy
/// the snippet. The key and the allowed websites decide where the widget runs, so changing them is an owner's call.
/// </summary>
public class IndexModel(WidgetSettingsService widgets, CurrentWorkspace current, PublicUrl publicUrl) : PageModel
{
    [BindProperty] public WidgetInput Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }

    public bool CanEdit => current.IsOwner;
    public string PublicKey { get; private set; } = "";
    public DateTime KeyRotatedAt { get; private set; }
    public IEnumerable<string> TimeZones => WidgetTimeZones.Common.Contains(Input.TimeZone)
        ? WidgetTimeZones.Common
        : WidgetTimeZones.Common.Prepend(Input.TimeZone ?? "UTC");

    /// <summary>The public address the script is served from: the configured one (as in mails), else this request's.</summary>
    public string Snippet => $"<script src=\"{AppBaseUrl}/widget.js\" data-key=\"{PublicKey}\" async></script>";

    private string AppBaseUrl => publicUrl.IsConfigured ? publicUrl.Base : $"{Request.Scheme}://{Request.Host}{Request.PathBase}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        var settings = await widgets.GetOrCreateAsync(current.Id, ct);
        Input = WidgetInput.From(settings);
        Show(settings);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        if (!current.IsOwner) return OwnersOnly();
        if (ModelState.IsValid)
        {
            var result = await widgets.SaveAsync(current.Id, Input.ToChanges(), ct);
            if (result.Outcome == WidgetSaveOutcome.Saved)
            {
                Flash = "Widget settings saved. Pages that embed the widget pick them up on their next load.";
                return RedirectToPage();
            }
            if (result.Outcome == WidgetSaveOutcome.Stale) ModelState.AddModelError("", WidgetSettingsService.StaleMessage);
            foreach (var (field, message) in result.Errors) ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }
        // Re-show what the owner typed (never the stored values) with the reasons; the key comes from the row.
        Show(await widgets.GetOrCreateAsync(current.Id, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostRotateKeyAsync(int version, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        if (!current.IsOwner) return OwnersOnly();
        Flash = await widgets.RotateKeyAsync(current.Id, version, ct)
            ? "New key created. The old key no longer works: replace the snippet on every website that embeds the widget."
            : "Someone changed the widget after you opened this page, so the key was not rotated. Check the settings below and rotate again if you still want to.";
        return RedirectToPage();
    }

    // A plain 403 rather than Forbid(): the cookie scheme would turn that into a redirect to a log-in page.
    private StatusCodeResult OwnersOnly() => StatusCode(StatusCodes.Status403Forbidden);

    private void Show(WidgetSettings settings)
    {
        PublicKey = settings.PublicKey;
        KeyRotatedAt = settings.KeyRotatedAt;
        if (Input.Days.Count == 0) Input.Days = WidgetInput.From(settings).Days;
    }
}
