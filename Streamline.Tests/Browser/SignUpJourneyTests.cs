using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>
/// A person's first visit, end to end in a real browser: sign up, the confirmation mail, log in,
/// the dashboard, the theme switch and log out. The page runs under the app's strict CSP, so any
/// violation (or any other console error) fails the test.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SignUpJourneyTests(BrowserApp app, ITestOutputHelper output) : BrowserSession(app), IClassFixture<BrowserApp>
{
    private int _shots;

    [Fact]
    public async Task A_new_user_registers_confirms_by_mail_logs_in_switches_theme_and_logs_out()
    {
        const string name = "Ada Lovelace";
        var email = $"ada-{Guid.NewGuid():N}@example.test";
        var password = "correct horse battery staple";
        var page = await Context.NewPageAsync();
        try
        {
            // The landing page leads to sign-up.
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Get started" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" })).ToBeVisibleAsync();

            await page.GetByLabel("Your name").FillAsync(name);
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Workspace name").FillAsync("Analytical Engines");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await page.GetByLabel("Confirm password").FillAsync(password);
            await ShotAsync(page, "register");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/CheckEmail"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail" })).ToBeVisibleAsync();
            await Expect(page.GetByText(email)).ToBeVisibleAsync();
            await ShotAsync(page, "check-email");

            // Opens the mail (written to the pickup folder by a background job) in a tab of its own,
            // off the app's origin, and follows its link.
            var mail = await App.WaitForMailAsync(email, "confirm-email");
            Assert.Equal("Confirm your e-mail for Streamline", mail.Subject);
            Assert.False(string.IsNullOrEmpty(mail.HtmlBody), "The confirmation mail has no HTML part.");
            var mailTab = await Context.NewPageAsync();
            await mailTab.SetContentAsync(mail.HtmlBody);
            var confirmLink = mailTab.GetByRole(AriaRole.Link, new() { Name = "Confirm my e-mail address" });
            await Expect(confirmLink).ToHaveAttributeAsync("href",
                new Regex("^" + Regex.Escape(App.BaseUrl) + "/Identity/Account/ConfirmEmail\\?"));
            await ShotAsync(mailTab, "mail");
            await page.CloseAsync();
            page = mailTab;
            await confirmLink.ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/ConfirmEmail"));
            await Expect(page.GetByText("Thank you for confirming your e-mail")).ToBeVisibleAsync();
            await ShotAsync(page, "confirmed");

            // Logs in from the landing page.
            await page.GetByRole(AriaRole.Link, new() { Name = "Streamline" }).ClickAsync();
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Log in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
            await ShotAsync(page, "login");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

            // Sees the dashboard.
            await Expect(page).ToHaveURLAsync(new Regex("/app$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {name}" })).ToBeVisibleAsync();
            await Expect(page.GetByText("You are working in Analytical Engines.")).ToBeVisibleAsync();
            await ShotAsync(page, "dashboard");

            // Switches the theme: the toggle names the current mode; the choice survives a reload.
            var html = page.Locator("html");
            await Expect(html).ToHaveAttributeAsync("data-bs-theme", "light");
            var toggle = page.Locator("[data-theme-toggle]");
            await Expect(toggle).ToHaveAccessibleNameAsync("Light mode");
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
            await page.GetByRole(AriaRole.Button, new() { Name = "Light mode" }).ClickAsync();
            await Expect(html).ToHaveAttributeAsync("data-bs-theme", "dark");
            await Expect(toggle).ToHaveAccessibleNameAsync("Dark mode");
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
            await ShotAsync(page, "dashboard-dark");

            await page.ReloadAsync();
            await Expect(html).ToHaveAttributeAsync("data-bs-theme", "dark");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark mode", Pressed = true })).ToBeVisibleAsync();

            // Logs out through the user menu.
            await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
            var logOut = page.GetByRole(AriaRole.Button, new() { Name = "Log out" });
            await Expect(logOut).ToBeVisibleAsync();
            await ShotAsync(page, "user-menu");
            await logOut.ClickAsync();

            await Expect(page).ToHaveURLAsync(App.BaseUrl + "/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "An AI sales rep" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
            await ShotAsync(page, "logged-out");

            // The dashboard is closed again.
            await page.GotoAsync("/app");
            await Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/Login\\?ReturnUrl=%2Fapp$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
            await ShotAsync(page, "app-needs-login");
        }
        catch
        {
            await ShotAsync(page, "failure");
            throw;
        }
        finally
        {
            foreach (var error in ConsoleErrors) output.WriteLine($"browser console: {error}");
        }

        AssertNoConsoleErrors();
    }

    /// <summary>
    /// A full-page screenshot into the test output's screenshots folder, copied to
    /// $STREAMLINE_TEST_SCREENSHOTS (default: the temp folder's shots/) for a person to look at.
    /// </summary>
    private async Task ShotAsync(IPage page, string step)
    {
        var file = $"{nameof(SignUpJourneyTests)}-{++_shots:00}-{step}.png";
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", file);
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        catch (PlaywrightException e) when (step == "failure")
        {
            output.WriteLine($"no failure screenshot: {e.Message}");
            return;
        }
        var copies = Environment.GetEnvironmentVariable("STREAMLINE_TEST_SCREENSHOTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "shots");
        Directory.CreateDirectory(copies);
        File.Copy(path, Path.Combine(copies, file), overwrite: true);
        output.WriteLine($"screenshot {path}");
    }
}
