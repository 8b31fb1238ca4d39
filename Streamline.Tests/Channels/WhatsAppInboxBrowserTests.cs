using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Accounts;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Browser;
using Streamline.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Channels;

/// <summary>An owner looking at a WhatsApp conversation in Chromium: the channel, each message's delivery, and the template picker.</summary>
[Trait("Category", "Browser")]
public sealed class WhatsAppInboxBrowserTests(BrowserApp app) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_owner_sees_where_each_whatsapp_message_stands_and_is_offered_templates_once_the_window_closed()
    {
        var (email, conversation) = await ArrangeAsync();
        var page = await Context.NewPageAsync();
        await SignInAsync(page, email, AppClient.Password);

        await page.GotoAsync("/inbox?channel=whatsapp");
        await Expect(page.Locator($"tr[data-conversation='{conversation}'] [data-channel]")).ToHaveTextAsync("WhatsApp");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mauricio Binda" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/inbox/{conversation}$"));

        await Expect(page.Locator("[data-sender='Ai'] [data-delivery]")).ToHaveTextAsync("Read");
        await Expect(page.Locator("[data-sender='Human'] [data-delivery]")).ToContainTextAsync("Not delivered: More than 24 hours");
        await Expect(page.Locator("[data-window-closed]")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Template")).ToContainTextAsync("follow_up (en_US, 1 parameter)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "whatsapp-inbox.png"), FullPage = true });

        AssertNoConsoleErrors();
    }

    /// <summary>An owner and a WhatsApp conversation a person took over, written straight to the database as the channel would have left it.</summary>
    private Task<(string Email, Guid Conversation)> ArrangeAsync() => App.WithScopeAsync(async sp =>
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
            ConnectedAt = now,
        };
        var contact = new Contact { WorkspaceId = workspace.Id, Name = "Mauricio Binda", Phone = "15550001111", CreatedAt = now, UpdatedAt = now };
        var conversation = new Conversation
        {
            WorkspaceId = workspace.Id, Channel = ConversationChannel.WhatsApp, ContactId = contact.Id, Contact = contact, Status = ConversationStatus.Human,
            AssignedUserId = user.Id, CreatedAt = now.AddHours(-26), LastMessageAt = now, LastVisitorMessageAt = now.AddHours(-26), MessageCount = 4,
        };
        var identity = new ChannelIdentity
        {
            WorkspaceId = workspace.Id, ChannelId = channel.Id, ExternalId = "15550001111", Phone = "15550001111", DisplayName = "Mauricio Binda",
            ContactId = contact.Id, ConversationId = conversation.Id, LastInboundAt = now.AddHours(-26), CreatedAt = now.AddHours(-26),
        };
        ChatMessage Message(int n, MessageSender sender, string text, Guid? author = null) => new()
        {
            WorkspaceId = workspace.Id, ConversationId = conversation.Id, Sequence = n, Sender = sender, Text = text, AuthorUserId = author,
            CreatedAt = now.AddHours(-26).AddMinutes(n),
        };
        var visitor = Message(1, MessageSender.Visitor, "Hello, do you build websites?");
        var ai = Message(2, MessageSender.Ai, "We do! A five-page website takes three weeks. What does your business do?");
        var joined = Message(3, MessageSender.System, "Bea Owner joined the conversation.", user.Id);
        var human = Message(4, MessageSender.Human, "Are you still interested?", user.Id);
        human.CreatedAt = now;
        ChannelMessage Row(ChatMessage m, ChannelDirection direction, ChannelDeliveryState state, string? code = null, string? error = null) => new()
        {
            WorkspaceId = workspace.Id, ChannelId = channel.Id, IdentityId = identity.Id, ConversationId = conversation.Id, ChatMessageId = m.Id,
            Direction = direction, Kind = "text", ProviderMessageId = direction == ChannelDirection.Inbound || state != ChannelDeliveryState.Failed
                ? "wamid." + Guid.NewGuid().ToString("N") : null,
            State = state, ErrorCode = code, ErrorMessage = error, Attempts = 1, CreatedAt = m.CreatedAt, UpdatedAt = m.CreatedAt,
        };
        db.MessagingChannels.Add(channel);
        db.Conversations.Add(conversation);
        db.ChannelIdentities.Add(identity);
        db.ChatMessages.AddRange(visitor, ai, joined, human);
        db.ChannelMessages.AddRange(
            Row(visitor, ChannelDirection.Inbound, ChannelDeliveryState.Delivered),
            Row(ai, ChannelDirection.Outbound, ChannelDeliveryState.Read),
            Row(joined, ChannelDirection.Outbound, ChannelDeliveryState.Delivered),
            Row(human, ChannelDirection.Outbound, ChannelDeliveryState.Failed, ChannelOutbox.WindowClosedCode,
                "More than 24 hours since the customer last wrote: WhatsApp takes only an approved template until they write again."));
        db.ChannelMessageTemplates.Add(new ChannelMessageTemplate
        {
            WorkspaceId = workspace.Id, ChannelId = channel.Id, Name = "follow_up", Language = "en_US", ParameterCount = 1, CreatedAt = now,
        });
        await db.SaveChangesAsync();
        return (email, conversation.Id);
    });
}
