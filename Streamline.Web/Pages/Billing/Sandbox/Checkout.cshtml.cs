using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Billing.Sandbox;

/// <summary>
/// The sandbox's stand-in for Stripe Checkout. Pay and Cancel produce the events Stripe would send,
/// signed, through the webhook receiver: the credits arrive exactly as they would from Stripe.
/// Not found at all when a Stripe key is set or in Production.
/// </summary>
public class CheckoutModel(SandboxPayments sandbox, CurrentWorkspace current, StreamlineDbContext db) : PageModel
{
    public CheckoutSession Checkout { get; private set; } = null!;
    public string PackageName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPayAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!current.IsOwner) return Forbid();
        if (Checkout.Status == CheckoutStatus.Open) await sandbox.PayAsync(Checkout, ct);
        return Redirect($"/credits/success?session_id={Uri.EscapeDataString(Checkout.ExternalId)}");
    }

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!current.IsOwner) return Forbid();
        if (Checkout.Status == CheckoutStatus.Open) await sandbox.ExpireAsync(Checkout, ct);
        return Redirect("/credits?cancelled=true");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if (!sandbox.Enabled || current.Active is null) return false;
        if (await sandbox.FindCheckoutAsync(current.Id, id, ct) is not { } checkout) return false;
        Checkout = checkout;
        PackageName = await db.CreditPackages.Where(p => p.Code == checkout.PackageCode).Select(p => p.Name).SingleOrDefaultAsync(ct)
                      ?? checkout.PackageCode;
        return true;
    }
}
