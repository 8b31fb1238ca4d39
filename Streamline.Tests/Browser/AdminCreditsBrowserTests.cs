using Microsoft.Playwright;
using Streamline.Core.Workspaces;
using Streamline.Tests.Admin;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>The credit back office in a real browser: the revenue chart and the in-place actions under the strict CSP.</summary>
public sealed class AdminCreditsBrowserTests(AdminBrowserApp app) : IClassFixture<AdminBrowserApp>, IAsyncLifetime
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
    public async Task An_admin_finds_a_workspace_adds_credits_and_pauses_it_without_leaving_the_page()
    {
        var name = $"Browser Bakery {Guid.NewGuid():N}"[..24];
        await using (var db = app.Database.NewContext())
        {
            db.Workspaces.Add(new Workspace { Name = name, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await _page.GotoAsync("/admin/credits");
        await Expect(_page.Locator("canvas[data-chart-config='#revenue-chart']")).ToHaveAttributeAsync("data-chart-state", "ready");
        await _page.GetByLabel("Search workspaces by name").FillAsync(name[..20]);
        await Expect(_page.Locator("#workspace-list tbody tr")).ToHaveCountAsync(1);
        await _page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await _page.GetByLabel("Amount in credits").FillAsync("12.5");
        await _page.GetByLabel("Reason").FillAsync("Thanks for the feedback");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(_page.Locator("#adjust-card .alert-success")).ToContainTextAsync("Added 12.500 credits");
        await Expect(_page.Locator("[data-figure='balance']")).ToContainTextAsync("12.500");
        await Expect(_page.Locator("#ledger")).ToContainTextAsync("Thanks for the feedback");
        await Expect(_page.GetByLabel("Reason")).ToHaveValueAsync(""); // a fresh form for the next action

        string? question = null;
        _page.Dialog += async (_, dialog) => { question = dialog.Message; await dialog.AcceptAsync(); };
        await _page.GetByRole(AriaRole.Button, new() { Name = "Pause credit use" }).ClickAsync();
        await Expect(_page.Locator("[data-figure='status']")).ToHaveTextAsync("Paused");
        Assert.Contains("Spends and holds are refused", question);
        Assert.True(_consoleErrors.Count == 0, string.Join("\n", _consoleErrors));
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
