using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Web.Pages.Credits;
using Streamline.Web.Pages.Credits.Disputes;
using Streamline.Core.Audit;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Disputes;

/// <summary>One dispute across workspaces: what was disputed and why, and the admin's decision.</summary>
public class ShowModel(StreamlineDbContext db, CreditDisputeService disputes, UserManager<AppUser> users, AuditTrail audit) : PageModel
{
    public sealed class ResolveInput
    {
        [Required(ErrorMessage = "Enter the credits to refund.")]
        [Display(Name = "Credits to refund")]
        public string? RefundCredits { get; set; }

        [StringLength(CreditDisputeService.MaxTextLength, ErrorMessage = "At most 2000 characters.")]
        [Display(Name = "Note to the customer (optional)")]
        public string? Note { get; set; }
    }

    public sealed class RejectInput
    {
        [Required(ErrorMessage = "Explain to the customer why the dispute is rejected.")]
        [StringLength(CreditDisputeService.MaxTextLength, ErrorMessage = "At most 2000 characters.")]
        [Display(Name = "Why it is rejected")]
        public string? Note { get; set; }
    }

    public CreditDispute Dispute { get; private set; } = null!;
    public LedgerEntry Entry { get; private set; } = null!;
    public string WorkspaceName { get; private set; } = "";
    public string? SubmittedBy { get; private set; }
    public string? Reviewer { get; private set; }
    public ResolveInput Resolve { get; private set; } = new();
    public RejectInput Reject { get; private set; } = new();
    [TempData(Key = "AdminDisputeFlash")] public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Resolve.RefundCredits = CreditInput.ToCredits(Dispute.RequestedMillicredits);
        return Page();
    }

    public async Task<IActionResult> OnPostStartReviewAsync(Guid id, CancellationToken ct)
    {
        if (!await StageAsync(id, AuditAction.DisputeReviewStarted, "Started the review of a credit dispute", ct)) return NotFound();
        var result = await disputes.StartReviewAsync(id, AdminId, DisputeMailLinks.For(Url, Request), ct);
        return await AfterAsync(id, result, "Review started: the customer has been told.", null, ct);
    }

    public async Task<IActionResult> OnPostResolveAsync(Guid id, [Bind(Prefix = nameof(Resolve))] ResolveInput resolve, CancellationToken ct)
    {
        Resolve = resolve;
        var refund = CreditInput.ToMillicredits(resolve.RefundCredits);
        if (resolve.RefundCredits is not null && refund is null)
            ModelState.AddModelError($"{nameof(Resolve)}.{nameof(ResolveInput.RefundCredits)}", CreditInput.Invalid);
        if (!ModelState.IsValid) return await RedisplayAsync(id, ct);
        if (!await StageAsync(id, AuditAction.DisputeResolved,
                $"Resolved a credit dispute, refunding {CreditAmount.Credits(refund!.Value)}" + (string.IsNullOrWhiteSpace(resolve.Note) ? "" : $": {resolve.Note.Trim()}"), ct))
            return NotFound();
        var result = await disputes.ResolveAsync(id, AdminId, refund.Value, resolve.Note, DisputeMailLinks.For(Url, Request), ct);
        return await AfterAsync(id, result, $"Resolved: {CreditAmount.Credits(refund.Value)} refunded.", nameof(Resolve), ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, [Bind(Prefix = nameof(Reject))] RejectInput reject, CancellationToken ct)
    {
        Reject = reject;
        if (!ModelState.IsValid) return await RedisplayAsync(id, ct);
        if (!await StageAsync(id, AuditAction.DisputeRejected, $"Rejected a credit dispute: {reject.Note?.Trim()}", ct)) return NotFound();
        var result = await disputes.RejectAsync(id, AdminId, reject.Note, DisputeMailLinks.For(Url, Request), ct);
        return await AfterAsync(id, result, "Rejected: the customer has been told why.", nameof(Reject), ct);
    }

    private Guid AdminId => Guid.Parse(users.GetUserId(User)!);

    /// <summary>
    /// The decision's audit entry, saved by the service's own transaction with the decision (and discarded after, if the
    /// decision was refused). False when there is no such dispute.
    /// </summary>
    private async Task<bool> StageAsync(Guid id, AuditAction action, string summary, CancellationToken ct)
    {
        var workspaceId = await db.CreditDisputes.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(d => d.Id == id).Select(d => (Guid?)d.WorkspaceId).SingleOrDefaultAsync(ct);
        if (workspaceId is null) return false;
        audit.Stage(User.AuditActor(), action, workspaceId, $"dispute:{id}", summary);
        return true;
    }

    private async Task<IActionResult> AfterAsync(Guid id, DisputeResult result, string done, string? form, CancellationToken ct)
    {
        if (!result.Succeeded) audit.Discard();
        if (result.Error == DisputeError.NotFound) return NotFound();
        if (result.Error == DisputeError.NotAllowed) return Forbid();
        if (result.Succeeded)
        {
            Flash = done;
            return RedirectToPage(new { id, handler = (string?)null });
        }
        var field = result.Field switch
        {
            DisputeFields.Refund => $"{nameof(Resolve)}.{nameof(ResolveInput.RefundCredits)}",
            DisputeFields.Note => $"{form}.Note",
            _ => "",
        };
        ModelState.AddModelError(field, result.Message!);
        return await RedisplayAsync(id, ct);
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Resolve.RefundCredits ??= CreditInput.ToCredits(Dispute.RequestedMillicredits);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var dispute = await db.CreditDisputes.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null) return false;
        Dispute = dispute;
        Entry = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(e => e.Id == dispute.LedgerEntryId, ct);
        WorkspaceName = await db.Workspaces.Where(w => w.Id == dispute.WorkspaceId).Select(w => w.Name).SingleAsync(ct);
        SubmittedBy = await db.Users.Where(u => u.Id == dispute.CreatedByUserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        Reviewer = dispute.ReviewerUserId is { } reviewer
            ? await db.Users.Where(u => u.Id == reviewer).Select(u => u.Email).SingleOrDefaultAsync(ct)
            : null;
        return true;
    }
}
