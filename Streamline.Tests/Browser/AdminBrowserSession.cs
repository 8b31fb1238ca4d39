using Microsoft.Playwright;
using Streamline.Tests.Admin;

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
public abstract class AdminBrowserSession(AdminBrowserApp app) : BrowserSession(app)
{
    protected new AdminBrowserApp App => (AdminBrowserApp)base.App;
    protected IPage Page { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Page = await Context.NewPageAsync();
        await SignInAsync(Page, AdminApp.AdminEmail, AdminApp.AdminPassword);
    }
}
