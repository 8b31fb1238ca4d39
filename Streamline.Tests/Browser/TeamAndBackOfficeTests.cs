using Microsoft.Playwright;
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
}
