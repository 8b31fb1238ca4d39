using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Channels.Contacts;
using Streamline.Core.Formatting;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Channels.Contacts;

/// <summary>
/// One person of the workspace: what they told the rep, every channel they write on and all their conversations. The
/// owner merges another contact of the workspace into this one ("Merge with…", a preview, then the merge). Every read is
/// scoped by the workspace filter, so another workspace's contact is a 404 on every handler.
/// </summary>
[KnownHandlersOnly]
public class ShowModel(ContactOverviews overviews, ContactMerge merge, CurrentWorkspace current) : PageModel
{
    [TempData] public string? Flash { get; set; }

    /// <summary>Why a merge changed nothing: the other contact went (another merge took it first) or was never one of ours.</summary>
    public string? MergeError { get; private set; }

    public ContactOverview Overview { get; private set; } = null!;
    public List<MergeCandidate> Candidates { get; private set; } = [];
    public MergePlan? Preview { get; private set; }
    public bool CanMerge => current.IsOwner;

    public static string PathOf(Guid id) => $"/contacts/{id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    /// <summary>What merging <paramref name="other"/> into this contact would give; the merge itself is a post from it.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(Guid id, Guid? other, CancellationToken ct)
    {
        if (current.Active is null || !await LoadAsync(id, ct)) return NotFound();
        if (!current.IsOwner) return Forbid();
        if (other is not { } otherId) return Request.IsHtmx() ? Content("") : Redirect(PathOf(id));
        Preview = await merge.PlanAsync(id, otherId, ct);
        if (Preview is null) return NotFound();
        Response.Htmx(h => h.WithVary());
        return Request.IsHtmx() ? Partial("_MergePreview", this) : Page();
    }

    public async Task<IActionResult> OnPostMergeAsync(Guid id, Guid? other, CancellationToken ct)
    {
        if (current.Active is null || !await LoadAsync(id, ct)) return NotFound();
        if (!current.IsOwner) return Forbid();
        if (other is not { } otherId) return NotFound();
        var merged = await merge.MergeAsync(id, otherId, User.AuditActor(), ct);
        if (merged is null)
        {
            // The same words whether another merge took it first or it belongs to another workspace: a 404 either way.
            MergeError = "That contact is no longer a separate contact of this workspace (it was merged or removed), so nothing was merged.";
            if (!await LoadAsync(id, ct)) return NotFound();
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Flash = $"Merged “{merged.Other.Name ?? merged.Other.Email ?? merged.Other.Phone ?? "Unnamed contact"}” into this contact: "
                + $"{Plural.Of(merged.Conversations, "conversation")} moved" + (merged.Combined.Replaced.Count > 0 ? ", earlier details kept." : ".");
        return Redirect(PathOf(id));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await overviews.FindAsync(id, ct) is not { } overview) return false;
        Overview = overview;
        if (current.IsOwner) Candidates = await overviews.CandidatesAsync(id, ct);
        return true;
    }
}
