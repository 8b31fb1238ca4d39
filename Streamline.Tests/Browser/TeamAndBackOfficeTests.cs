using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Tests.Admin;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>htmx swaps and the back office in a real browser, under the strict CSP.</summary>
[Trait("Category", "Browser")]
public sealed class TeamAndBackOfficeTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task An_invitation_sent_in_place_appears_in_the_table_and_can_be_revoked_in_place()
    {
        var friend = $"friend-{Guid.NewGuid():N}@example.test";
        await Page.GotoAsync("/workspace");
        await Page.GetByLabel("E-mail address").FillAsync(friend);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Expect(Page.GetByText($"Invitation sent to {friend}")).ToBeVisibleAsync();
        var row = Page.Locator("#invitation-rows tr").Filter(new() { HasText = friend });
        await Expect(row).ToContainTextAsync("Pending");
        await Expect(Page.GetByText("No invitations yet.")).ToHaveCountAsync(0);
        Assert.Equal("/workspace", new Uri(Page.Url).AbsolutePath); // no full navigation happened

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(Page.Locator("#invitation-rows tr").Filter(new() { HasText = friend })).ToContainTextAsync("Revoked");
        Assert.True(ConsoleErrors.Count == 0, string.Join("\n", ConsoleErrors));
    }

    [Fact]
    public async Task The_bell_counts_a_new_notice_and_marking_it_read_in_place_clears_the_count()
    {
        var title = $"Dana {Guid.NewGuid():N} is a qualified lead";
        await using (var db = App.Database.NewContext())
        {
            // In each of the admin's workspaces, so the bell of whichever is current has it.
            var admin = db.Users.Single(u => u.Email == Admin.AdminApp.AdminEmail);
            foreach (var workspaceId in db.WorkspaceMembers.IgnoreQueryFilters().Where(m => m.UserId == admin.Id).Select(m => m.WorkspaceId).ToList())
                db.Notifications.Add(new Core.Notifications.Notification
                {
                    UserId = admin.Id, WorkspaceId = workspaceId, Kind = Core.Notifications.NotificationKind.QualifiedLead,
                    Title = title, Link = "/inbox", CreatedAt = DateTime.UtcNow,
                });
            await db.SaveChangesAsync();
        }

        await Page.GotoAsync("/app");
        var bell = Page.Locator("#notification-bell");
        await Expect(bell.Locator(".topbar-bell-count")).ToBeVisibleAsync();
        await bell.ClickAsync();
        var row = Page.Locator("#notification-list li").Filter(new() { HasText = title });
        await Expect(row).ToBeVisibleAsync();
        if (Environment.GetEnvironmentVariable("STREAMLINE_SCREENSHOTS") is { Length: > 0 } folder)
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "notifications.png"), FullPage = true });

        await row.GetByRole(AriaRole.Button, new() { Name = "Mark read" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Mark read" })).ToHaveCountAsync(0);
        await Expect(Page.Locator("#notification-bell .topbar-bell-count")).ToHaveCountAsync(0);

        await Page.GotoAsync("/account/notifications");
        await Page.GetByLabel("Weekly and monthly reports").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Page.Locator("#preferences-saved")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Weekly and monthly reports")).Not.ToBeCheckedAsync();
        if (Environment.GetEnvironmentVariable("STREAMLINE_SCREENSHOTS") is { Length: > 0 } again)
            await Page.ScreenshotAsync(new() { Path = Path.Combine(again, "notification-settings.png"), FullPage = true });
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task An_owner_creates_an_api_key_sees_it_once_and_revokes_it_in_place()
    {
        await Page.GotoAsync("/api-keys");
        await Page.GetByLabel("Name").FillAsync("Zapier");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var shown = Page.Locator("#new-api-key");
        await Expect(shown).ToContainTextAsync("sl_live_");
        var row = Page.Locator("#api-key-rows tr").Filter(new() { HasText = "Zapier" });
        await Expect(row).ToContainTextAsync("Active");
        string? question = null;
        Page.Dialog += async (_, dialog) => { question = dialog.Message; await dialog.AcceptAsync(); };
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(Page.Locator("#api-key-rows tr").Filter(new() { HasText = "Zapier" })).ToContainTextAsync("Revoked");
        Assert.Contains("Apps using it stop working", question);

        await Page.ReloadAsync();
        await Expect(Page.Locator("#new-api-key")).ToHaveCountAsync(0); // shown once, never again
        Assert.True(ConsoleErrors.Count == 0, string.Join("\n", ConsoleErrors));
    }

    [Fact]
    public async Task The_job_dashboard_and_the_mail_viewer_work_under_the_content_security_policy()
    {
        await Page.GotoAsync("/admin/jobs");
        await Expect(Page.GetByText("Streamline background jobs").First).ToBeVisibleAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await Page.GotoAsync("/admin/mail");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Outgoing mail" })).ToBeVisibleAsync();
        Assert.True(ConsoleErrors.Count == 0, string.Join("\n", ConsoleErrors));
    }

    [Fact]
    public async Task The_mail_preview_is_as_tall_as_the_whole_mail_on_a_desktop_and_on_a_phone()
    {
        var mailId = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var mail = sp.GetRequiredService<EmailOutbox>().Queue("admin@example.test", "dispute-new", new Dictionary<string, string>
            {
                ["Workspace"] = "Compilers Inc", ["Requested"] = "12.5", ["EntryDate"] = "2026-12-01", ["Entry"] = "Video render",
                ["Charged"] = "12.5", ["Reason"] = "Service not delivered",
                ["Description"] = string.Join(" ", Enumerable.Repeat("The render stopped halfway and never produced a file.", 40)),
                ["ReviewUrl"] = "https://app.example/admin/disputes/1",
            });
            await db.SaveChangesAsync();
            return mail.Id;
        });

        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await Page.SetViewportSizeAsync(width, height);
            await Page.GotoAsync($"/admin/mail/{mailId}");
            await Expect(Page.FrameLocator("iframe.mail-frame").GetByRole(AriaRole.Link, new() { Name = "Review the dispute" })).ToBeVisibleAsync();
            var mail = Page.Frames.Single(f => f.Url.EndsWith("/html", StringComparison.Ordinal));
            var needed = await mail.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            await Expect(Page.Locator("iframe.mail-frame")).ToHaveAttributeAsync("height", needed.ToString(CultureInfo.InvariantCulture));
            var shown = (await Page.Locator("iframe.mail-frame").BoundingBoxAsync())!.Height;
            await Page.ScreenshotAsync(new() { Path = $"/tmp/admin-mail-preview-{width}.png", FullPage = true });
            Assert.True(needed > 900, $"a {needed}-px mail is too short to tell");
            Assert.True(shown >= needed, $"the preview is {shown} px tall for a {needed}-px mail at {width} px");
        }
        Assert.True(ConsoleErrors.Count == 0, string.Join("\n", ConsoleErrors));
    }
}
