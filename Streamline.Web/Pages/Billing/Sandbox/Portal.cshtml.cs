using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Billing.Sandbox;

/// <summary>The sandbox's stand-in for the Stripe Customer Portal: change plan or cancel, as subscription events.</summary>
public class PortalModel(SandboxPayments sandbox, CurrentWorkspace current, StreamlineDbContext db) : PageModel
{
    public BillingSubscription? Subscription { get; private set; }
    public List<CreditPackage> Tiers { get; private set; } = [];

    /// <summary>The subscription's package, retired or not; its name is what the customer bought.</summary>
    public CreditPackage? Plan { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostChangeAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!current.IsOwner) return Forbid();
        if (Subscription is not { IsLive: true } || Tiers.All(t => t.Code != code)) return BadRequest();
        await sandbox.ChangeSubscriptionAsync(Subscription, code, Subscription.Status, Subscription.CancelAtPeriodEnd, ct);
        return Redirect("/credits");
    }

    public async Task<IActionResult> OnPostCancelAsync(bool now, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!current.IsOwner) return Forbid();
        if (Subscription is not { IsLive: true }) return BadRequest();
        await sandbox.ChangeSubscriptionAsync(Subscription, Subscription.PackageCode, now ? "canceled" : Subscription.Status, !now, ct);
        return Redirect("/credits");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!sandbox.Enabled || current.Active is null) return false;
        Subscription = await db.BillingSubscriptions.AsNoTracking().Where(s => s.IsSandbox).CurrentFirst().FirstOrDefaultAsync(ct);
        var packages = await db.CreditPackages.AsNoTracking().Where(p => p.Kind == CreditPackageKind.Subscription)
            .OrderBy(p => p.SortOrder).ToListAsync(ct);
        Plan = packages.FirstOrDefault(p => p.Code == Subscription?.PackageCode);
        Tiers = packages.Where(p => p.IsActive).ToList();
        return true;
    }
}
