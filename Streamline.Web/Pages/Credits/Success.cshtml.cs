using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;

namespace Streamline.Web.Pages.Credits;

/// <summary>
/// Where checkout returns. The purchase is credited by the webhook, which may land a moment after the
/// customer does: the page polls (htmx, every 2 s) until the checkout is completed, then shows the balance.
/// </summary>
public class SuccessModel(StreamlineDbContext db) : PageModel
{
    public CheckoutStatusView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "session_id")] string? sessionId, CancellationToken ct)
    {
        if (await LoadAsync(sessionId, ct) is not { } view) return NotFound();
        View = view;
        return Page();
    }

    public async Task<IActionResult> OnGetStatusAsync([FromQuery(Name = "session_id")] string? sessionId, CancellationToken ct) =>
        await LoadAsync(sessionId, ct) is { } view ? Partial("_CheckoutStatus", view) : NotFound();

    /// <summary>Scoped by the workspace filter: another workspace's session id is simply not found.</summary>
    private async Task<CheckoutStatusView?> LoadAsync(string? sessionId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sessionId)) return null;
        var checkout = await db.CheckoutSessions.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == sessionId, ct);
        if (checkout is null) return null;
        var package = await db.CreditPackages.AsNoTracking().Where(p => p.Code == checkout.PackageCode).Select(p => p.Name).SingleOrDefaultAsync(ct);
        var balance = await db.Wallets.AsNoTracking().Select(w => (long?)w.BalanceMillicredits).SingleOrDefaultAsync(ct) ?? 0;
        return new CheckoutStatusView(checkout, package ?? checkout.PackageCode, balance);
    }
}

public sealed record CheckoutStatusView(CheckoutSession Checkout, string PackageName, long Balance);
