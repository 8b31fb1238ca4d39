using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Streamline.Tests.Admin;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>Buying credits in a real browser, in sandbox mode: checkout page, webhook, polling success page.</summary>
[Trait("Category", "Browser")]
public sealed class BillingBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task An_owner_buys_a_pack_in_the_sandbox_and_the_successPage_shows_the_new_balance()
    {
        await Page.GotoAsync("/credits");
        await Expect(Page.GetByTestId("balance")).ToHaveTextAsync("0 credits");
        await Expect(Page.GetByText("Sandbox payments.")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Buy 550 credits" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/billing/sandbox/cs_sandbox_"));
        await Expect(Page.GetByText("Sandbox checkout — no real payment.")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pay $45.00 (sandbox)" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/credits/success\\?session_id=cs_sandbox_"));
        // Either already applied, or the page polls until the webhook's job has run.
        await Expect(Page.GetByText("Payment received")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("balance")).ToHaveTextAsync("550 credits");

        await Page.GotoAsync("/credits");
        await Expect(Page.GetByTestId("balance")).ToHaveTextAsync("550 credits");

        // Every app page's top bar shows the new balance, and it leads back to the credits.
        await Page.GotoAsync("/app");
        await Page.Locator(".app-topbar").GetByRole(AriaRole.Link, new() { Name = "550 credits" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/credits$"));

        // The operator sees the sandbox's signed event and what applying it did.
        await Page.GotoAsync("/admin/billing/events");
        await Expect(Page.Locator("#stripe-events")).ToContainTextAsync("checkout.session.completed");
        await Expect(Page.Locator("#stripe-events")).ToContainTextAsync("Granted 550 credits");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task A_wrong_promotion_code_is_explained_next_to_the_field_and_nothing_is_started()
    {
        await Page.GotoAsync("/credits");
        await Page.GetByLabel("Promotion code").FillAsync("NO-SUCH-CODE");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Buy 100 credits" }).ClickAsync();
        await Expect(Page.Locator("#promotion-error")).ToHaveTextAsync("That promotion code is not valid.");
        await Expect(Page).ToHaveURLAsync(new Regex("/credits"));
        Assert.Empty(ConsoleErrors);
    }
}
