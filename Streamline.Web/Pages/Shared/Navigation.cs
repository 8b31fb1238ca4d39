using Streamline.Core.Accounts;

namespace Streamline.Web.Pages.Shared;

/// <summary>
/// An area of the app in the sidebar. Planned areas show an honest empty state until built; an item
/// with a <paramref name="Role"/> is listed only for users in it (the page checks the role itself).
/// </summary>
public sealed record NavItem(string Slug, string Title, string Icon, string Href, string? Planned = null, string? Role = null);

public static class Navigation
{
    public static readonly IReadOnlyList<NavItem> Workspace =
    [
        new("dashboard", "Dashboard", "🏠", "/app"),
        new("onboarding", "Business profile", "🏪", "/onboarding"),
        new("knowledge", "Knowledge", "📚", "/knowledge"),
        new("campaigns", "Campaigns", "🎯", "/campaigns"),
        new("inbox", "Inbox", "💬", "/inbox"),
        new("leads", "Leads", "🧲", "/inbox/leads"),
        new("jobs", "Jobs", "🧩", "/jobs"),
        new("services", "Services", "🛠️", "/services"),
        new("credits", "Credits & billing", "💳", "/credits"),
        new("analytics", "Analytics", "📈", "/analytics"),
        new("assistant", "Assistant", "✨", "/assistant"),
        new("commerce", "Commerce", "🛍️", "/commerce"),
        new("channels", "Channels", "🔌", "/channels"),
        new("widget", "Chat widget", "🗨️", "/widget"),
        new("api-keys", "API keys", "🔑", "/api-keys"),
        new("workspace", "Workspace & team", "👥", "/workspace"),
        new("talk", "Talk to us", "🙋", "/talk"),
    ];

    public static readonly IReadOnlyList<NavItem> Admin =
    [
        new("admin", "Overview", "🛡️", "/admin"),
        new("admin-customers", "Customers", "🏢", "/admin/customers"),
        new("admin-conversations", "Conversations", "💬", "/admin/conversations"),
        new("admin-projects", "Client jobs", "🧩", "/admin/projects"),
        new("admin-credits", "Credits", "💳", "/admin/credits"),
        new("admin-finance", "Finance", "📊", "/admin/finance"),
        new("admin-packages", "Packages", "📦", "/admin/packages", Role: Roles.SuperAdmin),
        new("admin-promotions", "Promotions", "🏷️", "/admin/promotions", Role: Roles.SuperAdmin),
        new("admin-disputes", "Disputes", "⚖️", "/admin/disputes"),
        new("admin-billing-events", "Stripe events", "🧾", "/admin/billing/events"),
        new("admin-models", "AI models", "🤖", "/admin/models"),
        new("admin-services", "Automation services", "🛠️", "/admin/services"),
        new("admin-mail", "Outgoing mail", "✉️", "/admin/mail"),
        new("admin-jobs", "Background jobs", "⚙️", "/admin/jobs"),
        new("admin-monitoring", "Monitoring", "🩺", "/admin/monitoring"),
        new("admin-audit", "Audit log", "📜", "/admin/audit"),
    ];

    public static NavItem? PlannedArea(string slug) =>
        Workspace.FirstOrDefault(i => i.Slug == slug && i.Planned is not null);
}
