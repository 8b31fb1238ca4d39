using Microsoft.Playwright;
using Streamline.Core.Workspaces;
using Streamline.Tests.Admin;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>The credit back office in a real browser: the revenue chart and the in-place actions under the strict CSP.</summary>
[Trait("Category", "Browser")]
public sealed class AdminCreditsBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task An_admin_finds_a_workspace_adds_credits_and_pauses_it_without_leaving_thePage()
    {
        var name = $"Browser Bakery {Guid.NewGuid():N}"[..24];
        await using (var db = App.Database.NewContext())
        {
            db.Workspaces.Add(new Workspace { Name = name, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await Page.GotoAsync("/admin/credits");
        await Expect(Page.Locator("canvas[data-chart-config='#revenue-chart']")).ToHaveAttributeAsync("data-chart-state", "ready");
        await Page.GetByLabel("Search workspaces by name").FillAsync(name[..20]);
        await Expect(Page.Locator("#workspace-list tbody tr")).ToHaveCountAsync(1);
        await Page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Page.GetByLabel("Amount in credits").FillAsync("12.5");
        await Page.GetByLabel("Reason").FillAsync("Thanks for the feedback");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Page.Locator("#adjust-card .alert-success")).ToContainTextAsync("Added 12.5 credits");
        await Expect(Page.Locator("[data-figure='balance']")).ToContainTextAsync("12.5 credits");
        await Expect(Page.Locator("#ledger")).ToContainTextAsync("Thanks for the feedback");
        await Expect(Page.GetByLabel("Reason")).ToHaveValueAsync(""); // a fresh form for the next action

        string? question = null;
        Page.Dialog += async (_, dialog) => { question = dialog.Message; await dialog.AcceptAsync(); };
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pause credit use" }).ClickAsync();
        await Expect(Page.Locator("[data-figure='status']")).ToHaveTextAsync("Paused");
        Assert.Contains("Spends and holds are refused", question);
        Assert.True(ConsoleErrors.Count == 0, string.Join("\n", ConsoleErrors));
    }
}
