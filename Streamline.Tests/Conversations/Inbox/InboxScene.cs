using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Inbox;

/// <summary>
/// A workspace whose owner is signed in over HTTP, with conversations started and written to the way the widget
/// does it (through <see cref="ConversationService"/>), and the inbox's services as a request in the workspace has them.
/// </summary>
public sealed class InboxScene : IDisposable
{
    public const string OwnerName = "Test Person";

    private InboxScene(StreamlineApp app, AppClient owner, Guid ownerId, Guid workspaceId)
    {
        App = app;
        Owner = owner;
        OwnerId = ownerId;
        WorkspaceId = workspaceId;
    }

    public StreamlineApp App { get; }
    public AppClient Owner { get; }
    public Guid OwnerId { get; }
    public Guid WorkspaceId { get; }
    public InboxActor OwnerActor => new(OwnerId, OwnerName);

    public static async Task<InboxScene> CreateAsync(StreamlineApp app, string? workspace = null)
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app, workspace);
        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new InboxScene(app, owner, user.Id, user.CurrentWorkspaceId!.Value);
    }

    /// <summary>A widget conversation, with a first visitor message unless <paramref name="firstMessage"/> is null, then arranged as asked.</summary>
    public async Task<Guid> StartConversationAsync(string? firstMessage = "Hi, do you build online shops?",
        Action<Contact>? contact = null, Action<Conversation>? conversation = null)
    {
        var id = await App.WithScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<ConversationService>();
            var (started, _) = await service.StartWidgetAsync(WorkspaceId);
            if (firstMessage is not null) Assert.Equal(PostOutcome.Posted, (await service.PostVisitorMessageAsync(started.Id, firstMessage)).Outcome);
            return started.Id;
        });
        if (contact is null && conversation is null) return id;
        await using var db = App.Database.NewContext();
        var arranged = await db.Conversations.IgnoreQueryFilters().Include(c => c.Contact).SingleAsync(c => c.Id == id);
        contact?.Invoke(arranged.Contact!);
        conversation?.Invoke(arranged);
        await db.SaveChangesAsync();
        return id;
    }

    public Task<PostResult> VisitorWritesAsync(Guid conversationId, string text) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(conversationId, text));

    /// <summary>A service resolved in a scope that has entered this workspace, as the middleware does for a member's request.</summary>
    public Task<T> InWorkspaceAsync<T>(Func<IServiceProvider, Task<T>> action) => App.WithScopeAsync(sp =>
    {
        sp.GetRequiredService<WorkspaceScope>().Enter(WorkspaceId);
        return action(sp);
    });

    public Task<InboxResult> InboxAsync(Func<ConversationInbox, Task<InboxResult>> action) =>
        InWorkspaceAsync(sp => action(sp.GetRequiredService<ConversationInbox>()));

    public async Task<Conversation> ConversationAsync(Guid id)
    {
        await using var db = App.Database.NewContext();
        return await db.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public Task<List<ChatMessage>> MessagesAsync(Guid id) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<ConversationLog>().HistoryAsync(id));

    public async Task<Campaign> CampaignAsync(string name)
    {
        var campaign = new Campaign
        {
            WorkspaceId = WorkspaceId, Name = name, Status = CampaignStatus.Active, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        await using var db = App.Database.NewContext();
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign;
    }

    /// <summary>Another person of this workspace (a Member, not its owner); signed in over HTTP when a client is wanted.</summary>
    public async Task<(AppClient? Client, InboxActor Actor)> MemberAsync(string name, bool signIn = false)
    {
        var email = $"member-{Guid.NewGuid():N}@example.test";
        var userId = await App.WithScopeAsync(async sp =>
        {
            var user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CurrentWorkspaceId = WorkspaceId, CreatedAt = DateTime.UtcNow,
            };
            Assert.True((await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, AppClient.Password)).Succeeded);
            var db = sp.GetRequiredService<StreamlineDbContext>();
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = WorkspaceId, UserId = user.Id, Role = WorkspaceRole.Member, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return user.Id;
        });
        if (!signIn) return (null, new InboxActor(userId, name));
        var client = App.NewClient();
        (await client.LoginAsync(email)).EnsureRedirect("/app");
        return (client, new InboxActor(userId, name));
    }

    public void Dispose() => Owner.Dispose();
}
