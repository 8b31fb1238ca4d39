using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>The monitoring page in a real browser, under the strict CSP.</summary>
[Trait("Category", "Browser")]
public sealed class MonitoringBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task An_admin_opens_monitoring_from_the_sidebar_and_sees_every_tile()
    {
        await Page.GotoAsync("/admin");
        await Page.Locator("#app-sidebar").GetByRole(AriaRole.Link, new() { Name = "Monitoring" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Monitoring", Exact = true })).ToBeVisibleAsync();
        foreach (var title in new[] { "Health", "Background jobs", "Stripe events", "E-mail outbox", "AI provider calls", "Channel webhooks", "Automation service runs" })
            await Expect(Page.GetByRole(AriaRole.Region, new() { Name = title })).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-tile='health']")).ToHaveAttributeAsync("data-state", "ok");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "admin-monitoring.png"), FullPage = true });
        AssertNoConsoleErrors();
    }
}
