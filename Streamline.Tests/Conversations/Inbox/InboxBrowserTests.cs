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

namespace Streamline.Tests.Conversations.Inbox;

/// <summary>An owner working the inbox in Chromium while a visitor writes through the widget's service.</summary>
[Trait("Category", "Browser")]
public sealed class InboxBrowserTests(BrowserApp app) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_owner_takes_over_replies_and_sees_the_visitors_next_messages_arrive_without_reloading()
    {
        var (email, workspace) = await OwnerAsync("Harbour Cafe");
        var conversation = await StartAsync(workspace, "Do you cater weddings?", name: "Mia");
        var page = await Context.NewPageAsync();
        await SignInAsync(page, email, AppClient.Password);

        await page.GotoAsync("/inbox");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mia" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/inbox/{conversation}$"));
        await Expect(page.Locator("#inbox-messages [data-sender='Visitor'] .chat-text")).ToHaveTextAsync("Do you cater weddings?");

        await page.GetByRole(AriaRole.Button, new() { Name = "Take over" }).ClickAsync();
        await Expect(page.Locator("[data-hold]")).ToContainTextAsync("You have taken over");
        await Expect(page.Locator("#inbox-messages [data-sender='System']")).ToContainTextAsync("Bea Owner joined the conversation.");
        await page.GetByLabel("Your reply").FillAsync("We do! How many guests?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator("#inbox-messages [data-sender='Human'] .chat-text")).ToHaveTextAsync("We do! How many guests?");
        await Expect(page.GetByLabel("Your reply")).ToHaveValueAsync("");

        // A reply being typed survives the live refresh that brings the visitor's answer in.
        await page.GetByLabel("Your reply").FillAsync("Lovely, and the date");
        await VisitorWritesAsync(conversation, "About 80 people");
        await Expect(page.Locator("#inbox-messages [data-sender='Visitor'] .chat-text").Last).ToHaveTextAsync("About 80 people");
        await Expect(page.GetByLabel("Your reply")).ToHaveValueAsync("Lovely, and the date");

        // The list, open in another tab, shows a new visitor's conversation on its own.
        var list = await Context.NewPageAsync();
        await list.GotoAsync("/inbox");
        await StartAsync(workspace, "Are you open on Sundays?", name: "Noor");
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "Noor" })).ToBeVisibleAsync();

        AssertNoConsoleErrors();
    }

    /// <summary>A confirmed owner of a fresh workspace, written straight to the database.</summary>
    private async Task<(string Email, Guid Workspace)> OwnerAsync(string workspaceName)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var workspaceId = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var workspace = new Workspace { Name = workspaceName, CreatedAt = DateTime.UtcNow };
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Bea Owner", CurrentWorkspaceId = workspace.Id, CreatedAt = DateTime.UtcNow };
            Assert.True((await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, AppClient.Password)).Succeeded);
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Owner, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return workspace.Id;
        });
        return (email, workspaceId);
    }

    /// <summary>A widget conversation with its first visitor message, the visitor having given their name.</summary>
    private Task<Guid> StartAsync(Guid workspace, string text, string name) => App.WithScopeAsync(async sp =>
    {
        var service = sp.GetRequiredService<ConversationService>();
        var (conversation, _) = await service.StartWidgetAsync(workspace);
        await service.PostVisitorMessageAsync(conversation.Id, text);
        var db = sp.GetRequiredService<StreamlineDbContext>();
        var contact = await db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == conversation.ContactId);
        contact.Name = name;
        await db.SaveChangesAsync();
        return conversation.Id;
    });

    private Task VisitorWritesAsync(Guid conversation, string text) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(conversation, text));
}
