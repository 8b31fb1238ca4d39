using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Web.Pages;

[AllowAnonymous]
public class IndexModel(StreamlineDbContext db) : PageModel
{
    public sealed record Feature(string Icon, string Title, string Text);

    public static readonly Feature[] Features =
    [
        new("💬", "AI sales rep on every channel", "A warm, consultative assistant in a one-line website widget, your portal, WhatsApp, Telegram and Messenger. It captures contact details and knows when to hand over."),
        new("🎯", "Campaigns that drive the chat", "Your products, prices and chat flow — greeting, qualifying questions, objection answers — decide what the AI says. Nothing invented."),
        new("📄", "Proposals in one click", "Needs, recommended services, scope, timeline and price in a shareable proposal your prospect can accept."),
        new("💳", "Prepaid credits, exact to the cent", "Subscriptions and top-up packs through Stripe, an immutable ledger, and an API for your other apps."),
        new("🧩", "Client projects, shared live", "Milestones, files, change requests and comments your customer sees as they happen."),
        new("📈", "Numbers you can trust", "Conversations, conversions and Shopify revenue per campaign and channel, plus weekly reports by e-mail."),
    ];

    public IReadOnlyList<CreditPackage> Subscriptions { get; private set; } = [];
    public IReadOnlyList<CreditPackage> Packs { get; private set; } = [];

    /// <summary>The teaser shows the packages as SuperAdmins keep them, never a second copy of the prices.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var active = await db.CreditPackages.AsNoTracking().Where(p => p.IsActive)
            .OrderBy(p => p.SortOrder).ThenBy(p => p.PriceCents).ToListAsync(ct);
        Subscriptions = active.Where(p => p.Kind == CreditPackageKind.Subscription).ToList();
        Packs = active.Where(p => p.Kind == CreditPackageKind.Pack).ToList();
    }

    // Integer arithmetic only: money never passes through floating point.
    public static string Dollars(long cents)
    {
        var whole = "$" + (cents / 100).ToString("N0", CultureInfo.InvariantCulture);
        return cents % 100 == 0 ? whole : $"{whole}.{cents % 100:D2}";
    }
}
