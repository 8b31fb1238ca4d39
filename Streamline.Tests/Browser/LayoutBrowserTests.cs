using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Workspaces;
using Streamline.Tests.Admin;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>
/// Every main page of the app, signed in as the SuperAdmin whose workspace has leads, campaigns and a long
/// credit history: on a 390-px phone nothing is wider than the screen, and on a desktop the sidebar's
/// background runs the whole height of a long page while its menu stays in view, in both themes.
/// </summary>
public sealed class LayoutBrowserTests(AdminBrowserApp app, ITestOutputHelper output) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    private static readonly string[] Pages =
    [
        "/app", "/onboarding", "/knowledge", "/campaigns", "/inbox", "/inbox/leads", "/jobs", "/credits", "/credits/history",
        "/credits/disputes", "/analytics", "/assistant", "/commerce", "/widget", "/api-keys", "/workspace", "/workspace/new", "/talk",
        "/campaigns/new", "/Identity/Account/Manage", "/Identity/Account/Manage/TwoFactorAuthentication",
        "/admin", "/admin/conversations", "/admin/projects", "/admin/credits", "/admin/packages", "/admin/promotions",
        "/admin/disputes", "/admin/billing/events", "/admin/models", "/admin/mail",
    ];

    [Fact]
    public async Task On_a_390_px_phone_no_app_page_is_wider_than_the_screen()
    {
        await FillHouseWorkspaceAsync();
        await Page.SetViewportSizeAsync(390, 844);
        var tooWide = new List<string>();
        foreach (var url in Pages)
        {
            var response = await Page.GotoAsync(url);
            Assert.True(response!.Ok, $"{url} answered {response.Status}");
            var width = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > 390)
            {
                var culprit = await Page.EvaluateAsync<string>("""
                    () => {
                      const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
                      const wide = [...document.querySelectorAll('body *')].find(e => e.getBoundingClientRect().right > 390.5);
                      const chain = [];
                      for (let e = wide; e && e !== document.body; e = e.parentElement)
                        chain.push(name(e) + ' ' + e.clientWidth + '/' + e.scrollWidth + ' ' + getComputedStyle(e).overflowX + ' ' + getComputedStyle(e).display);
                      return chain.join(' < ');
                    }
                    """);
                tooWide.Add($"{url}: {width} px ({culprit})");
            }
            await Page.ScreenshotAsync(new() { Path = $"/tmp/phone{url.Replace('/', '-')}.png" });
        }
        Assert.True(tooWide.Count == 0, "Wider than a 390-px phone:\n" + string.Join("\n", tooWide));
        ReportConsoleErrors();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task On_a_desktop_the_sidebar_runs_the_whole_height_of_a_long_page_and_its_menu_stays_in_view(string theme)
    {
        await FillHouseWorkspaceAsync();
        await Page.EmulateMediaAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        await Page.GotoAsync("/credits/history");
        var height = await Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height > 1600, $"the page is only {height} px tall: not a long page");

        var sidebar = await Page.Locator(".app-sidebar").BoundingBoxAsync();
        Assert.True(sidebar!.Height >= height - 1, $"the sidebar is {sidebar.Height} px tall on a {height}-px page");
        await Page.ScreenshotAsync(new() { Path = $"/tmp/desktop-history-{theme}.png", FullPage = true });

        await Page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToBeInViewportAsync();
        await Expect(Page.Locator(".app-sidebar .brand")).ToBeInViewportAsync();
        await Page.ScreenshotAsync(new() { Path = $"/tmp/desktop-history-{theme}-bottom.png" });

        // The Identity UI's account pages sit in the same shell, with the app's header and a section menu.
        await Page.GotoAsync("/Identity/Account/Manage/TwoFactorAuthentication");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Account & security" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Account sections" }).GetByRole(AriaRole.Link, new() { Name = "Two-factor sign-in" }))
            .ToHaveAttributeAsync("aria-current", "page");
        await Page.ScreenshotAsync(new() { Path = $"/tmp/desktop-account-{theme}.png" });
        ReportConsoleErrors();
    }

    private void ReportConsoleErrors()
    {
        foreach (var error in ConsoleErrors) output.WriteLine($"browser console: {error}");
        AssertNoConsoleErrors();
    }

    /// <summary>Leads with every detail, a campaign, and enough ledger entries to fill a page of history.</summary>
    private async Task FillHouseWorkspaceAsync()
    {
        Guid workspaceId;
        await using (var db = App.Database.NewContext())
            workspaceId = (await db.Users.SingleAsync(u => u.Email == AdminApp.AdminEmail)).CurrentWorkspaceId!.Value;
        await App.WithScopeAsync(async sp =>
        {
            var credits = sp.GetRequiredService<CreditService>();
            Assert.True((await credits.GrantAsync(workspaceId, 500_000, LedgerEntryType.Purchase, "Growth pack, 500 credits", Key(), null, null)).Succeeded);
            for (var i = 0; i < 30; i++)
                Assert.True((await credits.SpendAsync(workspaceId, 1_250, LedgerEntryType.Consumption, $"Scraper run, {i + 10} pages of a long catalogue", Key(), null, null)).Succeeded);

            var conversations = sp.GetRequiredService<ConversationService>();
            for (var i = 0; i < 3; i++)
            {
                var (started, _) = await conversations.StartWidgetAsync(workspaceId);
                await conversations.PostVisitorMessageAsync(started.Id, "Hello, I would like a quote for an online shop with a booking calendar.");
            }
            return 0;
        });
        await using var data = App.Database.NewContext();
        foreach (var contact in await data.Contacts.IgnoreQueryFilters().Where(c => c.WorkspaceId == workspaceId && c.Email == null).ToListAsync())
        {
            contact.Name = "Margaret Hamilton-Whitfield";
            contact.Email = $"margaret.{contact.Id.ToString("N")[..6]}@example.test";
            contact.Phone = "+44 20 7946 0000";
            contact.Company = "Hamilton & Whitfield Software Engineering Ltd";
            contact.Budget = "about $2k a month";
        }
        (await data.Workspaces.SingleAsync(w => w.Id == workspaceId)).Name = "Hamilton & Whitfield Software Engineering";
        data.Campaigns.Add(new Campaign
        {
            WorkspaceId = workspaceId, Name = "Spring sourdough pre-orders for cafés", Status = CampaignStatus.Active,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        await data.SaveChangesAsync();
        App.Services.GetRequiredService<MembershipCache>().Forget(data.Users.Single(u => u.Email == AdminApp.AdminEmail).Id);
    }

    private static string Key() => $"test:{Guid.NewGuid():N}";
}
