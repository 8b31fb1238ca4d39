using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Accounts;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;
using Streamline.Tests.Admin;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>
/// A customer reads their credit history, exports it, disputes a charge; an admin refunds part of
/// it; the customer sees the outcome. Two browser contexts, the app's strict CSP throughout.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CreditDisputeJourneyTests(AdminBrowserApp app, ITestOutputHelper output) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_customer_exports_history_and_disputes_a_charge_an_admin_refunds_part_and_the_customer_sees_the_new_balance()
    {
        var email = $"grace-{Guid.NewGuid():N}@example.test";
        var workspace = await CustomerWithLedgerAsync(email, "Compilers Inc");
        var customer = await SignedInPageAsync(email, Password);
        try
        {
            await customer.GotoAsync("/credits/history");
            var rows = customer.Locator("#history-rows tr");
            await Expect(rows).ToHaveCountAsync(3);
            await Expect(rows.First).ToContainTextAsync("Scraper run, 40 pages");

            // Filtering swaps the table in place and keeps the URL in step.
            await customer.GetByLabel("Type").SelectOptionAsync("usage");
            await customer.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Expect(customer).ToHaveURLAsync(new Regex(@"/credits/history\?type=usage"));
            await Expect(rows).ToHaveCountAsync(2);

            var download = await customer.RunAndWaitForDownloadAsync(() =>
                customer.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
            Assert.Equal($"credits-history-{DateTime.UtcNow:yyyyMMdd}.csv", download.SuggestedFilename);
            var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
            var lines = csv.Split("\r\n");
            Assert.Equal("Date (UTC),Type,Description,Amount (credits),Balance after (credits),Entry ID", lines[0]);
            Assert.Equal(4, lines.Length); // header, the two usage rows, the empty end
            Assert.Contains(",Usage,\"Scraper run, 40 pages\",-3.000,34.500,", lines[1]);
            Assert.Contains(",Usage,Video render,-12.500,37.500,", lines[2]);

            await rows.Filter(new() { HasText = "Video render" }).GetByRole(AriaRole.Link, new() { Name = "Dispute" }).ClickAsync();
            await Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "Dispute a charge" })).ToBeVisibleAsync();
            await customer.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Service not delivered" });
            await customer.GetByLabel("What went wrong?").FillAsync("The render stopped halfway and never produced a file.");
            await customer.GetByLabel("Credits requested back").FillAsync("12.5");
            await customer.GetByRole(AriaRole.Button, new() { Name = "Submit dispute" }).ClickAsync();

            await Expect(customer).ToHaveURLAsync(new Regex("/credits/disputes$"));
            await Expect(customer.GetByText("Dispute submitted: we will review your request for 12.5 credits")).ToBeVisibleAsync();
            await Expect(customer.Locator("tbody tr").First).ToContainTextAsync("Open");

            var admin = await SignedInPageAsync(AdminApp.AdminEmail, AdminApp.AdminPassword);
            await admin.GotoAsync("/admin/disputes");
            await admin.Locator("#dispute-rows tr").Filter(new() { HasText = "Compilers Inc" }).GetByRole(AriaRole.Link).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Dispute from Compilers Inc" })).ToBeVisibleAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Start review" }).ClickAsync();
            await Expect(admin.GetByText("Review started: the customer has been told.")).ToBeVisibleAsync();
            await admin.GetByLabel("Credits to refund").FillAsync("5");
            await admin.GetByLabel("Note to the customer (optional)").FillAsync("Half the render ran; we refund the rest of the work.");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Resolve and refund" }).ClickAsync();
            await Expect(admin.GetByText("Resolved: 5 credits refunded.")).ToBeVisibleAsync();

            await customer.ReloadAsync();
            var dispute = customer.Locator("tbody tr").First;
            await Expect(dispute).ToContainTextAsync("Resolved");
            await Expect(dispute).ToContainTextAsync("5");
            await Expect(dispute).ToContainTextAsync("Half the render ran");
            await customer.GotoAsync("/credits/history");
            var newest = customer.Locator("#history-rows tr").First;
            await Expect(newest).ToContainTextAsync("Dispute refund");
            await Expect(newest).ToContainTextAsync("+5");
            await Expect(newest.Locator("td").Nth(4)).ToHaveTextAsync("39.5");
            Assert.Equal(39_500, await BalanceAsync(workspace));
        }
        finally
        {
            foreach (var error in ConsoleErrors) output.WriteLine($"browser console: {error}");
        }
        AssertNoConsoleErrors();
    }

    /// <summary>A confirmed user owning a workspace with 50 credits bought and two charges.</summary>
    private async Task<Guid> CustomerWithLedgerAsync(string email, string workspaceName)
    {
        var workspace = await App.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, DisplayName = "Grace Hopper", EmailConfirmed = true, CreatedAt = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            var created = sp.GetRequiredService<WorkspaceService>().Create(workspaceName, user.Id);
            user.CurrentWorkspaceId = created.Id;
            await sp.GetRequiredService<StreamlineDbContext>().SaveChangesAsync();
            return created.Id;
        });
        await using var db = App.Database.NewContext();
        var credits = new CreditService(db, TimeProvider.System, new EmailOutbox(db, new EmailTemplates(), TimeProvider.System));
        Assert.True((await credits.GrantAsync(workspace, 50_000, LedgerEntryType.Purchase, "50 credits", Key(), null, null)).Succeeded);
        Assert.True((await credits.SpendAsync(workspace, 12_500, LedgerEntryType.Consumption, "Video render", Key(), null, null)).Succeeded);
        Assert.True((await credits.SpendAsync(workspace, 3_000, LedgerEntryType.Consumption, "Scraper run, 40 pages", Key(), null, null)).Succeeded);
        return workspace;
    }

    private async Task<long> BalanceAsync(Guid workspace)
    {
        await using var db = App.Database.NewContext();
        var credits = new CreditService(db, TimeProvider.System, new EmailOutbox(db, new EmailTemplates(), TimeProvider.System));
        return (await credits.BalanceAsync(workspace)).GetValueOrDefault();
    }

    private static string Key() => $"test:{Guid.NewGuid():N}";
}
