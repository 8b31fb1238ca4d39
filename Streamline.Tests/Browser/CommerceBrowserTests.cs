using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>A new owner connects the demo store, watches it sync and browses its orders and customers.</summary>
[Trait("Category", "Browser")]
public sealed partial class CommerceBrowserTests(BrowserApp app) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_owner_connects_the_demo_store_sees_it_sync_and_browses_its_orders()
    {
        var page = await Context.NewPageAsync();
        await SignUpAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Commerce" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/commerce$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect the demo store" }).ClickAsync();

        await Expect(page.GetByText("Demo store.")).ToBeVisibleAsync();
        // The sync panel polls while the run lasts, then the page reloads with the orders.
        await Expect(page.Locator("#sync-status")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-orders-stored]")).ToHaveTextAsync("300 orders", new() { Timeout = 30_000 });
        await Expect(page.Locator("#orders-summary")).ToContainTextAsync("300 orders");

        await page.GetByLabel("Payment").SelectOptionAsync("refunded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("financial=refunded"));
        await Expect(page.Locator("#orders-table [data-status='paid']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#orders-table [data-status='refunded']").First).ToBeVisibleAsync();

        await page.Locator("#orders-table tbody tr a").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/commerce/orders/"));
        await Expect(page.Locator("[data-order-refunded]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All orders" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).First.ClickAsync();
        await Expect(page.Locator("#customers-table tbody tr")).ToHaveCountAsync(50);
        await page.Locator("#customers-table tbody tr a").First.ClickAsync();
        await Expect(page.Locator("#customer-orders, .empty-state").First).ToBeVisibleAsync();
        AssertNoConsoleErrors();

        // For a person to look at (STREAMLINE_TEST_SCREENSHOTS): last, because Playwright styles the page to take it.
        if (Environment.GetEnvironmentVariable("STREAMLINE_TEST_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.GotoAsync("/commerce");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "commerce.png"), FullPage = true });
        }
    }

    private async Task SignUpAsync(IPage page)
    {
        var email = $"shop-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";
        await page.GotoAsync("/Identity/Account/Register");
        await page.GetByLabel("Your name").FillAsync("Ada Shopkeeper");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Workspace name").FillAsync("Corner Shop");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail" })).ToBeVisibleAsync();
        var mail = await App.WaitForMailAsync(email, "confirm-email");
        await page.GotoAsync(ConfirmLink().Match(mail.TextBody ?? "").Value);
        await SignInAsync(page, email, password);
    }

    [GeneratedRegex(@"https?://\S*ConfirmEmail\S*")]
    private static partial Regex ConfirmLink();
}
