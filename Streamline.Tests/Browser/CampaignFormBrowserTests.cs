using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>
/// A new owner builds a campaign in a real browser: every step swapped in place by htmx, rows added
/// and moved by the server, activation, and the list's status filter — under the strict CSP.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class CampaignFormBrowserTests(BrowserApp app, ITestOutputHelper output) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_new_owner_signs_up_builds_a_campaign_step_by_step_activates_it_and_finds_it_under_active()
    {
        var page = await Context.NewPageAsync();
        try
        {
            await SignUpAsync(page);

            await page.GotoAsync("/campaigns");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No campaigns yet" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "New campaign" }).ClickAsync();

            // 1. Product, with two feature rows added by the server.
            await Expect(page.GetByText("Step 1 of 5: Product.")).ToBeVisibleAsync();
            await page.GetByLabel("Campaign name").FillAsync("Summer sale");
            await page.GetByLabel("Product name").FillAsync("Premium CRM");
            await page.GetByLabel("Description").FillAsync("A CRM for small teams.\nSet up in a day.");
            await page.GetByLabel("Price").FillAsync("49.99");
            await page.GetByLabel("Currency").SelectOptionAsync("EUR");
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Add feature" }).ClickAsync();
            await Expect(page.GetByLabel("Feature 1", new() { Exact = true })).ToBeFocusedAsync();
            await page.GetByLabel("Feature 1", new() { Exact = true }).FillAsync("Cloud sync");
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Add feature" }).ClickAsync();
            await page.GetByLabel("Feature 2", new() { Exact = true }).FillAsync("Mobile app");
            await Expect(page.GetByLabel("Campaign name")).ToHaveValueAsync("Summer sale");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

            // 2. Channels: the step arrives in place and the address follows.
            await Expect(page.GetByText("Step 2 of 5: Channels.")).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(EditUrl("channels"));
            await page.GetByLabel("Only these channels:").CheckAsync();
            await page.GetByLabel("Website chat").CheckAsync();
            await page.GetByLabel("Telegram").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

            // 3. Chat flow: questions in order (the second moved up), an objection with its answer.
            await Expect(page.GetByText("Step 3 of 5: Chat flow.")).ToBeVisibleAsync();
            await page.GetByLabel("Greeting").FillAsync("Hi! Looking for a CRM your team will actually use?");
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Add question" }).ClickAsync();
            await page.GetByLabel("Question 1", new() { Exact = true }).FillAsync("What do you use today?");
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Add question" }).ClickAsync();
            await page.GetByLabel("Question 2", new() { Exact = true }).FillAsync("How big is your team?");
            await page.GetByRole(AriaRole.Button, new() { Name = "Move question 2 up" }).ClickAsync();
            await Expect(page.GetByLabel("Question 1", new() { Exact = true })).ToHaveValueAsync("How big is your team?");
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Add objection" }).ClickAsync();
            await page.GetByLabel("Objection 1", new() { Exact = true }).FillAsync("It's too expensive");
            await page.GetByLabel("Answer 1", new() { Exact = true }).FillAsync("It pays for itself within a month of closed deals.");
            await page.GetByLabel("Closing message").FillAsync("Shall I send you the sign-up link?");
            await page.GetByLabel("Call-to-action link (optional)").FillAsync("https://crm.example/buy");
            // From the top: a full-page shot of a scrolled page repeats the sticky sidebar midway.
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/campaign-form.png", FullPage = true });
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

            // 4. Audience; a mistake is shown at its field and fixed.
            await Expect(page.GetByText("Step 4 of 5: Audience.")).ToBeVisibleAsync();
            await page.GetByLabel("From age").FillAsync("55");
            await page.GetByLabel("To age").FillAsync("25");
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Add location" }).ClickAsync();
            await page.GetByLabel("Location 1", new() { Exact = true }).FillAsync("Canada");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
            await Expect(page.GetByText("The oldest age must be at least the youngest.")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Location 1", new() { Exact = true })).ToHaveValueAsync("Canada");
            await page.GetByLabel("From age").FillAsync("25");
            await page.GetByLabel("To age").FillAsync("55");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

            // 5. Review and activate.
            await Expect(page.GetByText("Step 5 of 5: Review.")).ToBeVisibleAsync();
            var details = page.Locator("#campaign-details");
            await Expect(details).ToContainTextAsync("49.99 EUR");
            await Expect(details).ToContainTextAsync("Website chat, Telegram");
            await Expect(details).ToContainTextAsync("It pays for itself within a month of closed deals.");
            await Expect(details).ToContainTextAsync("25–55");
            await page.GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/campaigns/[0-9a-f-]{36}$"));
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Summer sale is active");
            await Expect(page.GetByText("No conversations yet — numbers appear once your AI starts chatting.")).ToBeVisibleAsync();

            // The list, filtered to active campaigns in place, with the filter in the address.
            await page.GetByRole(AriaRole.Link, new() { Name = "← Campaigns" }).ClickAsync();
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Filter campaigns by status" }).GetByRole(AriaRole.Link, new() { Name = "Active" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/campaigns\\?status=active$"));
            var row = page.Locator("#campaigns tbody tr").Filter(new() { HasText = "Summer sale" });
            await Expect(row).ToContainTextAsync("Active");
            await Expect(row).ToContainTextAsync("49.99 EUR");
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "campaign-form-failure.png"), FullPage = true });
            throw;
        }
        finally
        {
            foreach (var error in ConsoleErrors) output.WriteLine($"browser console: {error}");
        }

        AssertNoConsoleErrors();
    }

    private static Regex EditUrl(string step) => new($"/campaigns/[0-9a-f-]{{36}}/edit/{step}$");

    private async Task SignUpAsync(IPage page)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";
        await page.GotoAsync("/Identity/Account/Register");
        await page.GetByLabel("Your name").FillAsync("Grace Hopper");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Workspace name").FillAsync("Compilers Ltd");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail" })).ToBeVisibleAsync();

        var mail = await App.WaitForMailAsync(email, "confirm-email");
        await page.GotoAsync(ConfirmLink().Match(mail.TextBody ?? "").Value);
        await Expect(page.GetByText("Thank you for confirming your e-mail")).ToBeVisibleAsync();

        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/app$"));
    }

    [GeneratedRegex(@"https?://\S+/Identity/Account/ConfirmEmail\S+")]
    private static partial Regex ConfirmLink();
}
