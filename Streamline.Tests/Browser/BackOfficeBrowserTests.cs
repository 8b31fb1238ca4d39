using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>The customers pages and the audit log in a real browser, under the strict CSP.</summary>
[Trait("Category", "Browser")]
public sealed class BackOfficeBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task An_admin_finds_a_customer_suspends_the_workspace_and_its_owner_sees_why_on_signing_in()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var email = await CustomerAsync($"Suspend Me {token}");

        await Page.GotoAsync("/admin/customers");
        await Page.GetByLabel("Name, e-mail or domain").FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(Page.Locator("#customers tbody tr")).ToHaveCountAsync(1);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "admin-customers.png"), FullPage = true });
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Suspend Me {token}" }).ClickAsync();

        await Expect(Page.Locator("#members")).ToContainTextAsync(email);
        await Page.GetByLabel("Reason").FillAsync("Chargeback under review");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Suspend workspace" }).ClickAsync();
        await Expect(Page.Locator("main .alert-success")).ToContainTextAsync("Suspended");
        await Expect(Page.Locator("#workspace-status")).ToHaveTextAsync("Suspended");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Reactivate workspace" })).ToBeVisibleAsync();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "admin-customer.png"), FullPage = true });

        var owner = await SignedInPageAsync(email, AppClient.Password);
        await Expect(owner.Locator("#suspended-banner")).ToContainTextAsync("This workspace is suspended");

        await Page.GotoAsync($"/admin/audit?Action=WorkspaceSuspended");
        await Expect(Page.Locator("#audit-entries tbody tr").Filter(new() { HasText = $"Suspend Me {token}" })).ToContainTextAsync("Chargeback under review");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "admin-audit.png"), FullPage = true });
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_finance_dashboard_draws_its_revenue_chart_under_the_content_security_policy()
    {
        await Page.GotoAsync("/admin/finance");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Finance" })).ToBeVisibleAsync();
        await Expect(Page.Locator("canvas[data-chart-config='#finance-chart']")).ToHaveAttributeAsync("data-chart-state", "ready");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "admin-finance.png"), FullPage = true });
        AssertNoConsoleErrors();
    }

    /// <summary>A confirmed customer owning a fresh workspace, written straight to the database.</summary>
    private Task<string> CustomerAsync(string workspaceName) => App.WithScopeAsync(async sp =>
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var db = sp.GetRequiredService<StreamlineDbContext>();
        var workspace = new Workspace { Name = workspaceName, CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Olive Owner", CurrentWorkspaceId = workspace.Id, CreatedAt = DateTime.UtcNow };
        Assert.True((await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, AppClient.Password)).Succeeded);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Owner, JoinedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return email;
    });
}
