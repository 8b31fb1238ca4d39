using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Credits;

/// <summary>The workspace's wallet: balance, plan, packs to buy, promotion code, low-balance alert.</summary>
public class IndexModel(
    StreamlineDbContext db, CurrentWorkspace current, CreditService credits, CheckoutService checkout, IPaymentGateway gateway,
    UserManager<AppUser> users) : PageModel
{
    public long Balance { get; private set; }
    public WalletStatus Status { get; private set; }
    public long Threshold { get; private set; }
    public BillingSubscription? Subscription { get; private set; }
    public CreditPackage? Plan { get; private set; }
    public List<CreditPackage> Packs { get; private set; } = [];
    public List<CreditPackage> Tiers { get; private set; } = [];
    public bool CanManage => current.IsOwner;
    public bool IsSandbox => gateway.IsSandbox;
    public bool HasCustomer { get; private set; }

    [BindProperty] public string? PromotionCode { get; set; }
    [BindProperty] public string? ThresholdCredits { get; set; }
    [TempData] public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(bool cancelled, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (cancelled) Flash ??= "Checkout cancelled: nothing was charged.";
        await LoadAsync(ct);
        ThresholdCredits = CreditAmount.Input(Threshold);
        return Page();
    }

    public async Task<IActionResult> OnPostBuyAsync(string code, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        var user = await users.GetUserAsync(User);
        var started = await checkout.StartAsync(new CheckoutRequest(current.Id, user!.Id, user.Email, code, PromotionCode, AppBaseUrl), ct);
        if (started.Url is { } url) return Redirect(url);

        ModelState.AddModelError(nameof(PromotionCode), started.Error!);
        await LoadAsync(ct);
        ThresholdCredits = CreditAmount.Input(Threshold);
        return Page();
    }

    public async Task<IActionResult> OnPostPortalAsync(CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        var portal = await checkout.OpenPortalAsync(current.Id, AppBaseUrl, ct);
        if (portal.Url is { } url) return Redirect(url);
        Flash = portal.Error;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostThresholdAsync(CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        if (!CreditAmount.TryParse(ThresholdCredits, out var millicredits))
        {
            ModelState.AddModelError(nameof(ThresholdCredits), "Enter a number of credits such as 50 or 12.5 (0 turns the alert off).");
            await LoadAsync(ct);
            return Page();
        }
        var below = await credits.SetLowBalanceThresholdAsync(current.Id, millicredits, ct);
        Flash = millicredits == 0 ? "Low-balance alerts are off."
            : below ? $"The balance is already below {CreditAmount.Credits(millicredits)}: the owners have been e-mailed, and will be again after it has been back above."
            : $"We will e-mail the owners when the balance drops below {CreditAmount.Credits(millicredits)}.";
        return RedirectToPage();
    }

    private string AppBaseUrl => $"{Request.Scheme}://{Request.Host}{Request.PathBase}";

    private async Task LoadAsync(CancellationToken ct)
    {
        var wallet = await db.Wallets.AsNoTracking().SingleOrDefaultAsync(ct);
        Balance = wallet?.BalanceMillicredits ?? 0;
        Status = wallet?.Status ?? WalletStatus.Active;
        Threshold = wallet?.LowBalanceThresholdMillicredits ?? 0;
        Subscription = await db.BillingSubscriptions.AsNoTracking().CurrentFirst().FirstOrDefaultAsync(ct);
        var packages = await db.CreditPackages.AsNoTracking().OrderBy(p => p.SortOrder).ToListAsync(ct);
        Plan = packages.FirstOrDefault(p => p.Code == Subscription?.PackageCode);
        Packs = packages.Where(p => p.IsActive && p.Kind == CreditPackageKind.Pack).ToList();
        Tiers = packages.Where(p => p.IsActive && p.Kind == CreditPackageKind.Subscription).ToList();
        HasCustomer = await db.BillingCustomers.AnyAsync(ct);
    }
}
