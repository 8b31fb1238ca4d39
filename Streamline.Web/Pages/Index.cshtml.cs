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

    /// <summary>What the product does today: a feature is claimed here once it works, never before.</summary>
    public static readonly Feature[] Features =
    [
        new("💬", "AI sales rep on your website", "A warm, consultative assistant in a one-line website widget and in your customer portal, answering from your own documents. It captures contact details and knows when to hand over."),
        new("📱", "The same rep on WhatsApp, Telegram, Messenger and Instagram", "Connect your WhatsApp number, Telegram bot, Facebook page or Instagram account and the rep answers there too, with the campaigns you aim at each app. A sandbox phone shows it working before you connect anything."),
        new("🎯", "Campaigns that drive the chat", "Your products, prices and chat flow — greeting, qualifying questions, objection answers — decide what the AI says. Nothing invented."),
        new("📄", "Proposals in one click", "Needs, recommended services, scope, timeline and price in a shareable proposal your prospect can accept."),
        new("💳", "Prepaid credits, exact to the cent", "Subscriptions and top-up packs through Stripe, an immutable ledger, and an API for your other apps."),
        new("🧩", "Client projects, shared live", "Milestones, files, change requests and comments your customer sees as they happen."),
        new("📥", "Every conversation in one inbox", "Take over from the AI at any moment, see each lead with their score and what they said, export leads as CSV, and get an e-mail when a lead qualifies."),
        new("📈", "Your numbers, from real conversations", "Conversations, leads, proposals won and revenue by day, campaign and channel, with the busiest hours and the funnel, compared with the period before; a weekly report and monthly usage reports in your inbox, each with its chart."),
        new("🤖", "Automation services, paid in credits", "Run the AI Scraper on any public site or generate a one-page website from your business profile, and ask for video, workflow or integration work in a form. Each run shows its cost and is charged only for what it used."),
        new("🛍️", "Shopify orders beside the chat", "Connect your store: orders sync in, visitors can ask where their order is, and sales are tied to the conversations that led to them."),
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
