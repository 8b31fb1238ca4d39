using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>
/// A test class's own Chromium on a <see cref="BrowserApp"/>. Every context it opens reports console
/// errors and uncaught exceptions into <see cref="ConsoleErrors"/>: CSP violations are reported as
/// console errors ("Refused to apply inline style ..."), so <see cref="AssertNoConsoleErrors"/> fails
/// a page that broke the policy. <see cref="Context"/> is the first context, for one-person journeys;
/// <see cref="SignedInPageAsync"/> opens another, signed in, for each further person.
/// </summary>
public abstract class BrowserSession(BrowserApp app) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    protected BrowserApp App => app;
    protected IBrowserContext Context { get; private set; } = null!;
    protected List<string> ConsoleErrors { get; } = [];

    public virtual async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright);
        Context = await NewContextAsync();
    }

    /// <summary>A separate cookie jar (another person), its errors labelled with <paramref name="who"/>.</summary>
    protected async Task<IBrowserContext> NewContextAsync(string? who = null)
    {
        var context = await app.NewContextAsync(_browser);
        var label = who is null ? "" : who + ": ";
        context.Console += (_, message) =>
        {
            if (message.Type == "error") ConsoleErrors.Add($"{label}{message.Text} [at {message.Location}]");
        };
        context.WebError += (_, error) => ConsoleErrors.Add($"{label}Uncaught: {error.Error}");
        return context;
    }

    protected static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/app$"));
    }

    protected async Task<IPage> SignedInPageAsync(string email, string password)
    {
        var page = await (await NewContextAsync(email)).NewPageAsync();
        await SignInAsync(page, email, password);
        return page;
    }

    protected void AssertNoConsoleErrors() =>
        Assert.True(ConsoleErrors.Count == 0, "Browser console errors:\n" + string.Join("\n", ConsoleErrors));

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
