using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Accounts;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Browser;
using Streamline.Tests.Support;
using static Microsoft.Playwright.Assertions;
using static Streamline.Tests.Channels.ChannelContactsScene;

namespace Streamline.Tests.Channels;

/// <summary>An owner who sees the same person on WhatsApp and Telegram, in Chromium: picks, previews and merges the two contacts.</summary>
[Trait("Category", "Browser")]
public sealed class ChannelContactsBrowserTests(BrowserApp app) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_owner_merges_the_same_person_on_two_channels_from_the_contact_page()
    {
        var (email, workspaceId) = await OwnerAsync();
        var (keep, _) = await ChannelCustomerAsync(App, workspaceId, ConversationChannel.WhatsApp,
            c => (c.Name, c.Phone) = ("Ana", "+351912345678"), updatedAt: DateTime.UtcNow.AddDays(-2));
        await ChannelCustomerAsync(App, workspaceId, ConversationChannel.Telegram,
            c => (c.Name, c.Email, c.Company) = ("Ana Silva", "ana@example.test", "Lumen"), updatedAt: DateTime.UtcNow.AddHours(-1));
        var page = await Context.NewPageAsync();
        await SignInAsync(page, email, AppClient.Password);

        await page.GotoAsync($"/contacts/{keep}");
        await Expect(page.Locator("#contact-channels [data-channel]")).ToHaveCountAsync(1);
        await page.GetByLabel("Other contact").SelectOptionAsync(new SelectOptionValue { Label = "Ana Silva · ana@example.test" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview merge" }).ClickAsync();

        var plan = page.Locator("#merge-plan");
        await Expect(plan).ToContainTextAsync("Merge “Ana Silva” into this contact");
        await Expect(plan.Locator("[data-replaced]")).ToContainTextAsync("Name: Ana");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "contact-merge-preview.png"), FullPage = true });

        await plan.GetByRole(AriaRole.Button, new() { Name = "Merge contacts" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/contacts/{keep}$"));
        await Expect(page.Locator("[data-flash]")).ToContainTextAsync("Merged “Ana Silva” into this contact");
        await Expect(page.Locator("#contact-channels [data-channel]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#contact-conversations tr[data-conversation]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#contact-facts [data-field='email']")).ToHaveTextAsync("ana@example.test");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "contact-merged.png"), FullPage = true });

        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_contact_page_and_the_leads_list_show_every_column_on_a_1280_pixel_screen()
    {
        var (email, workspaceId) = await OwnerAsync();
        var (contact, conversation) = await ChannelCustomerAsync(App, workspaceId, ConversationChannel.WhatsApp,
            c => (c.Name, c.Phone, c.Email, c.Company) = ("Ana Beatriz Carvalho Silva", "+351912345678", "ana.beatriz.carvalho@example.test", "Lumen Studio"));
        await using (var db = App.Database.NewContext())
        {
            var row = await db.Conversations.IgnoreQueryFilters().SingleAsync(c => c.Id == conversation);
            (row.Status, row.MessageCount, row.LeadScore) = (ConversationStatus.AwaitingHuman, 1_234, 100);
            await db.SaveChangesAsync();
        }
        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await SignInAsync(page, email, AppClient.Password);

        await page.GotoAsync($"/contacts/{contact}");
        await ScreenshotAsync(page, "contact-1280.png");
        await AssertNotClippedAsync(page, "#contact-conversations");
        await page.GotoAsync("/inbox/leads");
        await ScreenshotAsync(page, "leads-1280.png");
        await AssertNotClippedAsync(page, "#leads");
        AssertNoConsoleErrors();
    }

    /// <summary>A table inside <c>.table-responsive</c> that is wider than it scrolls sideways: its last columns are cut off.</summary>
    private static async Task AssertNotClippedAsync(IPage page, string table)
    {
        var widths = await page.Locator(table).EvaluateAsync<int[]>("t => [t.closest('.table-responsive').scrollWidth, t.closest('.table-responsive').clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{table} needs {widths[0]} px and has {widths[1]} px");
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Environment.GetEnvironmentVariable("STREAMLINE_TEST_SCREENSHOTS") ?? Path.GetTempPath(), name) });

    private Task<(string Email, Guid WorkspaceId)> OwnerAsync() => App.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<StreamlineDbContext>();
        var now = DateTime.UtcNow;
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var workspace = new Workspace { Name = "Harbour Web", CreatedAt = now };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Bea Owner", CurrentWorkspaceId = workspace.Id, CreatedAt = now };
        Assert.True((await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, AppClient.Password)).Succeeded);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Owner, JoinedAt = now });
        await db.SaveChangesAsync();
        return (email, workspace.Id);
    });
}
