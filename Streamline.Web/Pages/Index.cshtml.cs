using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Streamline.Web.Pages;

[AllowAnonymous]
public class IndexModel : PageModel
{
    public sealed record Feature(string Icon, string Title, string Text);
    public sealed record Plan(string Name, string Price, int Credits, bool Featured);

    public static readonly Feature[] Features =
    [
        new("💬", "AI sales rep on every channel", "A warm, consultative assistant in a one-line website widget, your portal, WhatsApp, Telegram and Messenger. It captures contact details and knows when to hand over."),
        new("🎯", "Campaigns that drive the chat", "Your products, prices and chat flow — greeting, qualifying questions, objection answers — decide what the AI says. Nothing invented."),
        new("📄", "Proposals in one click", "Needs, recommended services, scope, timeline and price in a shareable proposal your prospect can accept."),
        new("💳", "Prepaid credits, exact to the cent", "Subscriptions and top-up packs through Stripe, an immutable ledger, and an API for your other apps."),
        new("🧩", "Client projects, shared live", "Milestones, files, change requests and comments your customer sees as they happen."),
        new("📈", "Numbers you can trust", "Conversations, conversions and Shopify revenue per campaign and channel, plus weekly reports by e-mail."),
    ];

    // Teaser only; the authoritative packages live in the billing area.
    public static readonly Plan[] Plans =
    [
        new("Starter", "$19.99", 200, false),
        new("Professional", "$49.99", 600, true),
        new("Enterprise", "$99.99", 1500, false),
    ];

    public void OnGet() { }
}
