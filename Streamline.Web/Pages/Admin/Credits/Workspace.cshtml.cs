using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Audit;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Credits;

public class WorkspaceModel(StreamlineDbContext db, CreditService credits, CreditReports reports, UserManager<AppUser> users, AuditTrail audit) : PageModel
{
    public enum AdjustDirection { Add, Remove }

    public sealed class AdjustInput
    {
        /// <summary>Made when the form is rendered: a second submit of the same form repeats the idempotency key and changes nothing.</summary>
        [Required(ErrorMessage = "This form has expired; reload the page.")]
        public string Nonce { get; set; } = "";

        public AdjustDirection Direction { get; set; }

        [Required(ErrorMessage = "Enter an amount in credits.")]
        [Display(Name = "Amount in credits")]
        public string? Amount { get; set; }

        [Required(ErrorMessage = "Give a reason: it is recorded in the ledger with your name.")]
        [StringLength(500, ErrorMessage = "At most 500 characters.")]
        [Display(Name = "Reason")]
        public string? Reason { get; set; }
    }

    [BindProperty] public AdjustInput Input { get; set; } = new();
    /// <summary>After a redirect (no htmx): shown at the top of the page.</summary>
    [TempData] public string? StatusMessage { get; set; }

    /// <summary>After an htmx submit: shown in the form that replaced the submitted one.</summary>
    public string? Notice { get; private set; }

    [BindProperty(SupportsGet = true, Name = "p")] public int LedgerPage { get; set; } = 1;

    public Guid WorkspaceId { get; private set; }
    public string WorkspaceName { get; private set; } = "";
    public WorkspaceCreditsView Credits { get; private set; } = null!;
    public BillingSubscription? Subscription { get; private set; }
    public List<Payment> Payments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid workspaceId, CancellationToken ct)
    {
        if (!await FindWorkspaceAsync(workspaceId, ct)) return NotFound();
        Input = new AdjustInput { Nonce = Guid.NewGuid().ToString("N") };
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAdjustAsync(Guid workspaceId, CancellationToken ct)
    {
        if (!await FindWorkspaceAsync(workspaceId, ct)) return NotFound();
        if (!Guid.TryParseExact(Input.Nonce, "N", out _))
            ModelState.AddModelError(string.Empty, "This form has expired; reload the page.");
        long amount = 0;
        if (Input.Amount is not null && !(CreditAmount.TryParse(Input.Amount, out amount) && amount > 0))
            ModelState.AddModelError(Field(nameof(AdjustInput.Amount)), "Enter a number of credits above zero with at most three decimals, e.g. 25 or 2.5.");
        Input.Reason = Input.Reason?.Trim();
        if (!ModelState.IsValid) return await FormAgainAsync(ct);

        var actor = Guid.Parse(users.GetUserId(User)!);
        var reason = Input.Reason!;
        // The wallet first, so the audit entry is saved by the ledger entry's SaveChanges and by nothing earlier.
        await credits.EnsureWalletAsync(workspaceId, ct);
        var adding = Input.Direction == AdjustDirection.Add;
        audit.Stage(User.AuditActor(), adding ? AuditAction.CreditsAdded : AuditAction.CreditsRemoved, workspaceId, $"workspace:{workspaceId}",
            $"{(adding ? "Added" : "Removed")} {CreditAmount.Credits(amount)}: {reason}");
        var result = adding
            ? await credits.GrantAsync(workspaceId, amount, LedgerEntryType.AdminGrant, reason, Key("grant"), actor, null, ct)
            : await credits.SpendAsync(workspaceId, amount, LedgerEntryType.AdminRemoval, reason, Key("removal"), actor, null, ct);
        if (!result.Succeeded || result.Duplicate) audit.Discard();

        if (result.Insufficient)
            ModelState.AddModelError(Field(nameof(AdjustInput.Amount)),
                $"The workspace holds only {CreditAmount.Credits(result.BalanceAfter)}; you can remove at most that.");
        if (!ModelState.IsValid) return await FormAgainAsync(ct);

        var done = Input.Direction == AdjustDirection.Add ? "Added" : "Removed";
        var message = result.Duplicate
            ? $"This form was already submitted; it was applied once. Balance: {CreditAmount.Credits(result.BalanceAfter)}."
            : $"{done} {CreditAmount.Credits(amount)}. Balance: {CreditAmount.Credits(result.BalanceAfter)}.";
        if (!Request.IsHtmx())
        {
            StatusMessage = message;
            return RedirectToPage(new { workspaceId });
        }

        // A fresh form (new nonce) with the message, and the balance and ledger swapped out of band.
        Notice = message;
        ModelState.Clear();
        Input = new AdjustInput { Nonce = Guid.NewGuid().ToString("N") };
        Credits = await LoadCreditsAsync(1, ct) with { OutOfBand = true };
        return Partial("_AdjustForm", this);

        string Key(string kind) => $"admin-{kind}:{workspaceId}:{Input.Nonce}";
    }

    public Task<IActionResult> OnPostPauseAsync(Guid workspaceId, CancellationToken ct) =>
        SetStatusAsync(workspaceId, WalletStatus.Paused, AuditAction.WalletPaused, "Credit use is paused: spends and holds are refused until you resume.", ct);

    public Task<IActionResult> OnPostResumeAsync(Guid workspaceId, CancellationToken ct) =>
        SetStatusAsync(workspaceId, WalletStatus.Active, AuditAction.WalletResumed, "Credit use is resumed.", ct);

    private async Task<IActionResult> SetStatusAsync(Guid workspaceId, WalletStatus status, AuditAction action, string message, CancellationToken ct)
    {
        if (!await FindWorkspaceAsync(workspaceId, ct)) return NotFound();
        await audit.RecordAsync(User.AuditActor(), action, async c =>
            {
                await credits.SetStatusAsync(workspaceId, status, c);
                return true;
            },
            _ => new AuditNote(workspaceId, $"workspace:{workspaceId}", $"Credit use of {WorkspaceName} set to {status.ToString().ToLowerInvariant()}"), ct);
        if (!Request.IsHtmx())
        {
            StatusMessage = message;
            return RedirectToPage(new { workspaceId });
        }
        return Partial("_WorkspaceCredits", await LoadCreditsAsync(1, ct));
    }

    private async Task<IActionResult> FormAgainAsync(CancellationToken ct)
    {
        if (Request.IsHtmx()) return Partial("_AdjustForm", this);
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> FindWorkspaceAsync(Guid workspaceId, CancellationToken ct)
    {
        var name = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleOrDefaultAsync(ct);
        WorkspaceId = workspaceId;
        WorkspaceName = name ?? "";
        return name is not null;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Credits = await LoadCreditsAsync(Math.Max(1, LedgerPage), ct);
        Subscription = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(s => s.WorkspaceId == WorkspaceId).OrderByDescending(s => s.UpdatedAt).FirstOrDefaultAsync(ct);
        Payments = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(p => p.WorkspaceId == WorkspaceId).OrderByDescending(p => p.CreatedAt).Take(50).ToListAsync(ct);
    }

    private async Task<WorkspaceCreditsView> LoadCreditsAsync(int page, CancellationToken ct)
    {
        var wallet = await db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(w => w.WorkspaceId == WorkspaceId, ct);
        var totals = await reports.TotalsAsync(null, null, WorkspaceId, ct);
        var ledger = db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(e => e.WorkspaceId == WorkspaceId);
        var count = totals.ByType.Values.Sum(t => t.Entries);
        var pages = Math.Max(1, (count + WorkspaceCreditsView.LedgerPageSize - 1) / WorkspaceCreditsView.LedgerPageSize);
        page = Math.Min(page, pages);
        var entries = await ledger.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * WorkspaceCreditsView.LedgerPageSize).Take(WorkspaceCreditsView.LedgerPageSize).ToListAsync(ct);
        var actorIds = entries.Where(e => e.ActorUserId is not null).Select(e => e.ActorUserId!.Value).Distinct().ToList();
        var actors = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? "", ct);
        return new WorkspaceCreditsView(WorkspaceId, wallet, totals, entries, actors, page, pages);
    }

    private static string Field(string name) => $"{nameof(Input)}.{name}";
}
