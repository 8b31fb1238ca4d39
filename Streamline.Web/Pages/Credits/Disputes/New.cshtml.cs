using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Credits.Disputes;

/// <summary>Disputes one debit of the current workspace, reached from the history's Dispute button.</summary>
public class NewModel(StreamlineDbContext db, CurrentWorkspace current, CreditDisputeService disputes, UserManager<AppUser> users) : PageModel
{
    public sealed class DisputeInput
    {
        public Guid EntryId { get; set; }

        [Required(ErrorMessage = "Choose a reason.")]
        [Display(Name = "Reason")]
        public DisputeReason? Reason { get; set; }

        [Required(ErrorMessage = "Describe what went wrong.")]
        [StringLength(CreditDisputeService.MaxTextLength, ErrorMessage = "At most 2000 characters.")]
        [Display(Name = "What went wrong?")]
        public string Description { get; set; } = "";

        [Required(ErrorMessage = "Enter how many credits you want back.")]
        [Display(Name = "Credits requested back")]
        public string? RequestedCredits { get; set; }
    }

    [BindProperty] public DisputeInput Input { get; set; } = new();
    public LedgerEntry Entry { get; private set; } = null!;

    /// <summary>What the charge cost (for a run's hold, the part it kept); null while the run is in progress.</summary>
    public long? Charged { get; private set; }
    public DisputeStatus? Existing { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid entry, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (!await LoadAsync(entry, ct)) return NotFound();
        Input = new DisputeInput { EntryId = entry, RequestedCredits = Charged is > 0 ? CreditInput.ToCredits(Charged.Value) : null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (current.Active is null || !await LoadAsync(Input.EntryId, ct)) return NotFound();
        var requested = CreditInput.ToMillicredits(Input.RequestedCredits);
        if (Input.RequestedCredits is not null && requested is null)
            ModelState.AddModelError(Field(DisputeFields.Requested), CreditInput.Invalid);
        if (!ModelState.IsValid) return Page();

        var userId = Guid.Parse(users.GetUserId(User)!);
        var result = await disputes.SubmitAsync(current.Id, userId,
            new DisputeRequest(Input.EntryId, Input.Reason!.Value, Input.Description, requested!.Value),
            DisputeMailLinks.For(Url, Request), ct);
        if (result.Error == DisputeError.NotFound) return NotFound();
        if (!result.Succeeded)
        {
            ModelState.AddModelError(Field(result.Field), result.Message!);
            Existing = await ExistingStatusAsync(Input.EntryId, ct);
            return Page();
        }
        TempData[IndexModel.FlashKey] = $"Dispute submitted: we will review your request for {CreditAmount.Credits(requested.Value)} and e-mail you.";
        return RedirectToPage("/Credits/Disputes/Index");
    }

    /// <summary>The entry through the workspace query filter: another workspace's entry is simply not found.</summary>
    private async Task<bool> LoadAsync(Guid entryId, CancellationToken ct)
    {
        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null) return false;
        Entry = entry;
        Charged = await CreditHistory.ChargedAsync(entry, db.LedgerEntries, db.CreditReservations, ct);
        Existing = await ExistingStatusAsync(entryId, ct);
        return true;
    }

    private Task<DisputeStatus?> ExistingStatusAsync(Guid entryId, CancellationToken ct) =>
        db.CreditDisputes.Where(d => d.LedgerEntryId == entryId).Select(d => (DisputeStatus?)d.Status).SingleOrDefaultAsync(ct);

    private static string Field(string? serviceField) => serviceField switch
    {
        DisputeFields.Reason => $"{nameof(Input)}.{nameof(DisputeInput.Reason)}",
        DisputeFields.Description => $"{nameof(Input)}.{nameof(DisputeInput.Description)}",
        DisputeFields.Requested => $"{nameof(Input)}.{nameof(DisputeInput.RequestedCredits)}",
        _ => "",
    };
}
