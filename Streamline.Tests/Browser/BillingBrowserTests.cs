using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Streamline.Tests.Admin;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>Buying credits in a real browser, in sandbox mode: checkout page, webhook, polling success page.</summary>
public sealed class BillingBrowserTests(AdminBrowserApp app) : IClassFixture<AdminBrowserApp>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private readonly List<string> _consoleErrors = [];

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright);
        var context = await app.NewContextAsync(_browser);
        context.Console += (_, m) => { if (m.Type == "error") _consoleErrors.Add($"{m.Text} [at {m.Location}]"); };
        _page = await context.NewPageAsync();
        await _page.GotoAsync("/Identity/Account/Login");
        await _page.GetByLabel("E-mail").FillAsync(AdminApp.AdminEmail);
        await _page.GetByLabel("Password").FillAsync(AdminApp.AdminPassword);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("/app$"));
    }

    [Fact]
    public async Task An_owner_buys_a_pack_in_the_sandbox_and_the_success_page_shows_the_new_balance()
    {
        await _page.GotoAsync("/credits");
        await Expect(_page.GetByTestId("balance")).ToHaveTextAsync("0.000");
        await Expect(_page.GetByText("Sandbox payments.")).ToBeVisibleAsync();

        await _page.GetByRole(AriaRole.Button, new() { Name = "Buy 550 credits" }).ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("/billing/sandbox/cs_sandbox_"));
        await Expect(_page.GetByText("Sandbox checkout — no real payment.")).ToBeVisibleAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Pay $45.00 (sandbox)" }).ClickAsync();

        await Expect(_page).ToHaveURLAsync(new Regex("/credits/success\\?session_id=cs_sandbox_"));
        // Either already applied, or the page polls until the webhook's job has run.
        await Expect(_page.GetByText("Payment received")).ToBeVisibleAsync();
        await Expect(_page.GetByTestId("balance")).ToHaveTextAsync("550.000 credits");

        await _page.GotoAsync("/credits");
        await Expect(_page.GetByTestId("balance")).ToHaveTextAsync("550.000");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task A_wrong_promotion_code_is_explained_next_to_the_field_and_nothing_is_started()
    {
        await _page.GotoAsync("/credits");
        await _page.GetByLabel("Promotion code").FillAsync("NO-SUCH-CODE");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Buy 100 credits" }).ClickAsync();
        await Expect(_page.Locator("#promotion-error")).ToHaveTextAsync("That promotion code is not valid.");
        await Expect(_page).ToHaveURLAsync(new Regex("/credits"));
        Assert.Empty(_consoleErrors);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
