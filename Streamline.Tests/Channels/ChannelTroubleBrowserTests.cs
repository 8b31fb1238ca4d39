using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Accounts;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Browser;
using Streamline.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Channels;

/// <summary>An owner whose WhatsApp token expired, in Chromium: warned on the inbox, and one click from the fix.</summary>
[Trait("Category", "Browser")]
public sealed class ChannelTroubleBrowserTests(BrowserApp app) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_inbox_warns_of_a_channel_in_trouble_and_leads_the_owner_to_the_channels_page()
    {
        var (email, channelId) = await ArrangeAsync();
        var page = await Context.NewPageAsync();
        await SignInAsync(page, email, AppClient.Password);

        await page.GotoAsync("/inbox");
        var banner = page.Locator($"[data-channel-trouble='{channelId}']");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("Sales line needs attention.");
        await Expect(banner).ToContainTextAsync("Last error: 190: Error validating access token");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "inbox-channel-trouble.png"), FullPage = true });

        await banner.GetByRole(AriaRole.Link, new() { Name = "Open channels" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/channels$"));
        await Expect(page.Locator($"[data-channel-trouble='{channelId}']")).ToBeVisibleAsync();

        AssertNoConsoleErrors();
    }

    /// <summary>An owner and a connected WhatsApp number whose token Graph refused, written straight to the database.</summary>
    private Task<(string Email, Guid ChannelId)> ArrangeAsync() => App.WithScopeAsync(async sp =>
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
        var channel = new MessagingChannel
        {
            WorkspaceId = workspace.Id, Channel = ConversationChannel.WhatsApp, Name = "Sales line", RouteKey = Guid.NewGuid().ToString("N"),
            CredentialsCiphertext = sp.GetRequiredService<ChannelSecrets>().Protect(new ChannelCredentials("1", AccessToken: "t", AppSecret: "s")),
            Connection = ChannelConnection.Connected, ConnectedAt = now,
        };
        db.MessagingChannels.Add(channel);
        db.ChannelHealth.Add(new ChannelHealthRecord
        {
            ChannelId = channel.Id, WorkspaceId = workspace.Id, ProviderErrors = 1, ProviderErrorsInARow = 1,
            LastError = "190: Error validating access token", LastErrorAt = now, Trouble = ChannelTrouble.TokenExpired, TroubleSince = now,
        });
        await db.SaveChangesAsync();
        return (email, channel.Id);
    });
}
