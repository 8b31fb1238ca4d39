using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Credits;
using Streamline.Tests.Admin;
using Streamline.Tests.Automation;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>The admin's app with the scraper allowed to read the tests' local site.</summary>
public sealed class ServicesBrowserApp : BrowserApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Admin:SuperAdminEmail"] = AdminApp.AdminEmail;
        settings["Admin:SuperAdminPassword"] = AdminApp.AdminPassword;
        settings["Services:Scraper:AllowedHosts:0"] = "localhost";
    }
}

/// <summary>A customer (the house's owner, in their own workspace) runs the scraper in a real browser, under the strict CSP.</summary>
[Trait("Category", "Browser")]
public sealed class ServicesBrowserTests(ServicesBrowserApp app) : BrowserSession(app), IClassFixture<ServicesBrowserApp>
{
    [Fact]
    public async Task A_customer_runs_the_scraper_watches_it_finish_and_finds_the_downloads()
    {
        await using var site = await ScrapedSite.StartAsync();
        await using (var db = App.Database.NewContext())
        {
            var house = await db.Workspaces.Where(w => w.IsHouse).Select(w => w.Id).SingleAsync();
            await App.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
                .GrantAsync(house, 10_000, LedgerEntryType.Purchase, "Test credits", $"test:{Guid.NewGuid()}", null, null));
        }
        var page = await Context.NewPageAsync();
        await SignInAsync(page, AdminApp.AdminEmail, AdminApp.AdminPassword);

        await page.Locator("#app-sidebar").GetByRole(AriaRole.Link, new() { Name = "Services", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Services", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "services.png"), FullPage = true });
        await page.Locator("[data-service='ai-scraper']").GetByRole(AriaRole.Link, new() { Name = "Start" }).ClickAsync();

        await page.GetByLabel("Page addresses").FillAsync($"{site.Url}/products");
        await page.GetByLabel("What to extract").SelectOptionAsync("Schema.org data");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "services-scraper-form.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();

        await Expect(page.Locator("#run")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-summary]")).ToContainTextAsync("1 page read, 1 row");
        await Expect(page.Locator("[data-cost]")).ToHaveTextAsync("0.5 credits");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download results.csv" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "services-run.png"), FullPage = true });

        // The house's seeded profile and campaigns make a page; its preview shows in the sandboxed frame.
        await page.GotoAsync("/services/webpage-generator");
        await page.GetByLabel("Headline").FillAsync("Sales on autopilot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        await Expect(page.Locator("#run")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 30_000 });
        var preview = page.FrameLocator("iframe[title='Preview of the generated page']");
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Expect(preview.GetByText("Sales on autopilot")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "services-webpage.png"), FullPage = true });

        await page.GotoAsync("/admin/services");
        await Expect(page.Locator("[data-service='ai-scraper'] [data-runs]")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "admin-services.png"), FullPage = true });
        AssertNoConsoleErrors();
    }
}
