using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>An admin and a customer in two browser contexts on the same job, each seeing the other's changes live.</summary>
[Trait("Category", "Browser")]
public sealed class JobLiveBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task An_admins_edit_and_a_customers_comment_appear_on_the_other_open_page_without_reloading()
    {
        var (customerEmail, workspace) = await CustomerAsync("Bluebird Bakery");
        var admin = await SignedInPageAsync(AdminApp.AdminEmail, AdminApp.AdminPassword);
        var customer = await SignedInPageAsync(customerEmail, AppClient.Password);

        await admin.GotoAsync($"/admin/projects/new?workspace={workspace}");
        await admin.GetByLabel("Title").FillAsync("Online ordering");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create job" }).ClickAsync();
        await Expect(admin.Locator("[data-job-title]")).ToHaveTextAsync("Online ordering");
        var jobPath = new Uri(admin.Url).AbsolutePath.Replace("/admin/projects/", "/jobs/");

        await customer.GotoAsync(jobPath);
        await Expect(customer.Locator("[data-company]")).ToHaveTextAsync("—");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit business" }).ClickAsync();
        await admin.GetByLabel("Company").FillAsync("Bluebird Bakery Ltd");
        await admin.GetByLabel("Industry").FillAsync("Food & drink");
        await admin.Locator("#job-business").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("[data-company]")).ToHaveTextAsync("Bluebird Bakery Ltd");
        await admin.Locator("#job-status-actions").GetByRole(AriaRole.Button, new() { Name = "Start work" }).ClickAsync();

        // The customer's page was never reloaded: the poller noticed the new stamp and the sections fetched themselves.
        await Expect(customer.Locator("[data-company]")).ToHaveTextAsync("Bluebird Bakery Ltd");
        await Expect(customer.Locator("#job-header [data-job-status]")).ToHaveTextAsync("In progress");

        await customer.GetByLabel("Add a comment").FillAsync("Can we launch **before Easter**?");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        await Expect(customer.Locator("#job-comment-list strong").Last).ToHaveTextAsync("before Easter");
        await Expect(admin.Locator("#job-comment-list")).ToContainTextAsync("Can we launch before Easter?");

        await customer.SetViewportSizeAsync(1280, 1600);
        await customer.ScreenshotAsync(new() { Path = "/tmp/job.png", FullPage = true });
        AssertNoConsoleErrors();
    }

    /// <summary>A confirmed customer owning a fresh workspace, written straight to the database.</summary>
    private async Task<(string Email, Guid Workspace)> CustomerAsync(string workspaceName)
    {
        var email = $"baker-{Guid.NewGuid():N}@example.test";
        var workspaceId = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var workspace = new Workspace { Name = workspaceName, CreatedAt = DateTime.UtcNow };
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Bea Baker", CurrentWorkspaceId = workspace.Id, CreatedAt = DateTime.UtcNow };
            Assert.True((await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, AppClient.Password)).Succeeded);
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Owner, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return workspace.Id;
        });
        return (email, workspaceId);
    }
}
