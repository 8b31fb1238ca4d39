using Microsoft.Playwright;

namespace Streamline.Tests.Browser;

/// <summary>
/// A test class's own Chromium and browser context on a <see cref="BrowserApp"/>, collecting console
/// errors and uncaught exceptions: CSP violations are reported as console errors ("Refused to apply
/// inline style ..."), so <see cref="AssertNoConsoleErrors"/> fails a page that broke the policy.
/// </summary>
public abstract class BrowserSession(BrowserApp app) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    protected BrowserApp App => app;
    protected IBrowserContext Context { get; private set; } = null!;
    protected List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright);
        Context = await app.NewContextAsync(_browser);
        Context.Console += (_, message) =>
        {
            if (message.Type == "error") ConsoleErrors.Add($"{message.Text} [at {message.Location}]");
        };
        Context.WebError += (_, error) => ConsoleErrors.Add($"Uncaught: {error.Error}");
    }

    protected void AssertNoConsoleErrors() =>
        Assert.True(ConsoleErrors.Count == 0, "Browser console errors:\n" + string.Join("\n", ConsoleErrors));

    public async Task DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
