using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>
/// A new owner's first minutes: sign up, land on the onboarding wizard, trip over one field, fix it, move on,
/// come back, skip, and find the way back from the dashboard; then a look at the widget settings.
/// Under the app's strict CSP, so any console error (a violation included) fails the test.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OnboardingJourneyTests(BrowserApp app, ITestOutputHelper output) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_new_owner_signs_up_fills_in_the_wizard_skips_and_is_offered_to_resume()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";
        var page = await Context.NewPageAsync();
        try
        {
            await page.GotoAsync("/Identity/Account/Register");
            await page.GetByLabel("Your name").FillAsync("Ada Baker");
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Workspace name").FillAsync("Acme Bakery");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await page.GetByLabel("Confirm password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/CheckEmail"));

            var mail = await App.WaitForMailAsync(email, "confirm-email");
            var confirmUrl = Regex.Match(mail.TextBody!, @"https?://\S+ConfirmEmail\S+").Value;
            await page.GotoAsync(confirmUrl);
            await page.Locator("a.btn-primary", new() { HasText = "Log in" }).ClickAsync();
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

            // Lands on the wizard, prefilled with what sign-up already told us.
            await Expect(page).ToHaveURLAsync(new Regex("/onboarding$"));
            await Expect(page.GetByText("Step 1 of 4")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Business name")).ToHaveValueAsync("Acme Bakery");
            await Expect(page.GetByLabel("Owner name")).ToHaveValueAsync("Ada Baker");

            await page.GetByLabel("Industry").FillAsync("Food & drink");
            await page.GetByLabel("What your business does").FillAsync("Sourdough and pastries, baked daily, delivered across Lisbon.");
            await page.GetByLabel("Website (optional)").FillAsync("acme-bakery.example");
            await page.GetByLabel("Phone (optional)").FillAsync("call the shop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Next: goals & audience" }).ClickAsync();

            await Expect(page.GetByText("Enter a phone number in digits, with its country code")).ToBeVisibleAsync();
            await Expect(page.GetByText("Step 1 of 4")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("What your business does")).ToHaveValueAsync("Sourdough and pastries, baked daily, delivered across Lisbon.");
            await page.ScreenshotAsync(new() { Path = "/tmp/onboarding-invalid.png", FullPage = true });

            await page.GetByLabel("Phone (optional)").FillAsync("+351 912 345 678");
            await page.GetByRole(AriaRole.Button, new() { Name = "Next: goals & audience" }).ClickAsync();
            await Expect(page.GetByText("Step 2 of 4")).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/onboarding\\?step=2$"));
            await page.GetByLabel("Business goals").FillAsync("Take more pre-orders for weekends.");
            // Back from an incomplete step stays put and says why, rather than dropping what was typed.
            await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
            await Expect(page.GetByText("Fix the fields below before going back")).ToBeVisibleAsync();
            await Expect(page.GetByText("Describe who your customers are.")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Business goals")).ToHaveValueAsync("Take more pre-orders for weekends.");
            await page.GetByLabel("Target audience").FillAsync("Families and cafés in Lisbon.");

            await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
            await Expect(page.GetByText("Step 1 of 4")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Website (optional)")).ToHaveValueAsync("https://acme-bakery.example");
            await Expect(page.GetByLabel("Phone (optional)")).ToHaveValueAsync("+351 912 345 678");
            await Expect(page.GetByLabel("Industry")).ToHaveValueAsync("Food & drink");
            await page.ScreenshotAsync(new() { Path = "/tmp/onboarding.png", FullPage = true });

            await page.GetByRole(AriaRole.Button, new() { Name = "Skip for now" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/app$"));
            var card = page.Locator(".setup-card");
            await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "Finish setting up" })).ToBeVisibleAsync();
            await Expect(card).ToContainTextAsync("25% done");
            await page.ScreenshotAsync(new() { Path = "/tmp/onboarding-dashboard.png", FullPage = true });
            await card.GetByRole(AriaRole.Link, new() { Name = "Resume setup" }).ClickAsync();
            await Expect(page.GetByText("Step 2 of 4")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Business goals")).ToHaveValueAsync("Take more pre-orders for weekends.");

            // The widget settings page, its preview following the colour and position as they are edited.
            await page.GotoAsync("/widget");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Website widget" })).ToBeVisibleAsync();
            await Expect(page.Locator("#widget-snippet")).ToHaveValueAsync(new Regex("^<script src=\"http://127\\.0\\.0\\.1:\\d+/widget\\.js\" data-key=\"wk_[a-z2-7]{24}\" async></script>$"));
            await page.GetByLabel("Title").FillAsync("Ask the baker");
            await page.GetByLabel("Bottom left").CheckAsync();
            await page.Locator("input[type=color]").FillAsync("#d9480f");
            await Expect(page.Locator("[data-preview-fill]")).ToHaveAttributeAsync("fill", "#d9480f");
            await Expect(page.Locator("[data-preview]")).ToHaveClassAsync(new Regex("is-left"));
            await Expect(page.Locator("[data-preview-title]")).ToHaveTextAsync("Ask the baker");
            await page.GetByLabel("Websites allowed to show the widget").FillAsync("https://acme-bakery.example/shop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save widget settings" }).ClickAsync();
            await Expect(page.GetByText("use only the site's origin, without a path or query")).ToBeVisibleAsync();
            await page.GetByLabel("Websites allowed to show the widget").FillAsync("https://acme-bakery.example");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save widget settings" }).ClickAsync();
            await Expect(page.GetByText("Widget settings saved.")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = "/tmp/widget.png", FullPage = true });

            await page.GetByRole(AriaRole.Button, new() { Name = "Rotate key…" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Rotate the widget key?" });
            await Expect(dialog).ToContainTextAsync("the old key stops working at once");
            await page.ScreenshotAsync(new() { Path = "/tmp/widget-rotate.png" });
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Rotate key" }).ClickAsync();
            await Expect(page.GetByText("The old key no longer works")).ToBeVisibleAsync();
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = "/tmp/onboarding-failure.png", FullPage = true });
            throw;
        }
        finally
        {
            foreach (var error in ConsoleErrors) output.WriteLine($"browser console: {error}");
        }
        AssertNoConsoleErrors();
    }
}
