using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Streamline.Tests.Admin;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

public sealed class AdminBrowserApp : BrowserApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Admin:SuperAdminEmail"] = AdminApp.AdminEmail;
        settings["Admin:SuperAdminPassword"] = AdminApp.AdminPassword;
    }
}

/// <summary>
/// A test class's own Chromium, signed in as the configured SuperAdmin (owner of the house workspace),
/// collecting console errors so a test can assert the page ran clean under the CSP.
/// </summary>
public abstract class AdminBrowserSession(AdminBrowserApp app) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    protected AdminBrowserApp App => app;
    protected IPage Page { get; private set; } = null!;
    protected List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright);
        var context = await app.NewContextAsync(_browser);
        context.Console += (_, m) => { if (m.Type == "error") ConsoleErrors.Add($"{m.Text} [at {m.Location}]"); };
        Page = await context.NewPageAsync();
        await Page.GotoAsync("/Identity/Account/Login");
        await Page.GetByLabel("E-mail").FillAsync(AdminApp.AdminEmail);
        await Page.GetByLabel("Password").FillAsync(AdminApp.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/app$"));
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
