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

/// <summary>htmx swaps and the back office in a real browser, under the strict CSP.</summary>
public sealed class TeamAndBackOfficeTests(AdminBrowserApp app) : IClassFixture<AdminBrowserApp>, IAsyncLifetime
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
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/app$"));
    }

    [Fact]
    public async Task An_invitation_sent_in_place_appears_in_the_table_and_can_be_revoked_in_place()
    {
        var friend = $"friend-{Guid.NewGuid():N}@example.test";
        await _page.GotoAsync("/workspace");
        await _page.GetByLabel("E-mail address").FillAsync(friend);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Expect(_page.GetByText($"Invitation sent to {friend}")).ToBeVisibleAsync();
        var row = _page.Locator("#invitation-rows tr").Filter(new() { HasText = friend });
        await Expect(row).ToContainTextAsync("Pending");
        await Expect(_page.GetByText("No invitations yet.")).ToHaveCountAsync(0);
        Assert.Equal("/workspace", new Uri(_page.Url).AbsolutePath); // no full navigation happened

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(_page.Locator("#invitation-rows tr").Filter(new() { HasText = friend })).ToContainTextAsync("Revoked");
        Assert.True(_consoleErrors.Count == 0, string.Join("\n", _consoleErrors));
    }

    [Fact]
    public async Task An_owner_creates_an_api_key_sees_it_once_and_revokes_it_in_place()
    {
        await _page.GotoAsync("/api-keys");
        await _page.GetByLabel("Name").FillAsync("Zapier");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var shown = _page.Locator("#new-api-key");
        await Expect(shown).ToContainTextAsync("sl_live_");
        var row = _page.Locator("#api-key-rows tr").Filter(new() { HasText = "Zapier" });
        await Expect(row).ToContainTextAsync("Active");
        string? question = null;
        _page.Dialog += async (_, dialog) => { question = dialog.Message; await dialog.AcceptAsync(); };
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(_page.Locator("#api-key-rows tr").Filter(new() { HasText = "Zapier" })).ToContainTextAsync("Revoked");
        Assert.Contains("Apps using it stop working", question);

        await _page.ReloadAsync();
        await Expect(_page.Locator("#new-api-key")).ToHaveCountAsync(0); // shown once, never again
        Assert.True(_consoleErrors.Count == 0, string.Join("\n", _consoleErrors));
    }

    [Fact]
    public async Task The_job_dashboard_and_the_mail_viewer_work_under_the_content_security_policy()
    {
        await _page.GotoAsync("/admin/jobs");
        await Expect(_page.GetByText("Streamline background jobs").First).ToBeVisibleAsync();
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await _page.GotoAsync("/admin/mail");
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Outgoing mail" })).ToBeVisibleAsync();
        Assert.True(_consoleErrors.Count == 0, string.Join("\n", _consoleErrors));
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
