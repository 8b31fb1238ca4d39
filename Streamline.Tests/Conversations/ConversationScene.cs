using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>A workspace with an owner, an active campaign and credits, and a visitor talking to it through the app's own services.</summary>
public sealed class ConversationScene(StreamlineApp app)
{
    public const long Price = 149_900;

    public Guid WorkspaceId { get; private set; }
    public Guid CampaignId { get; private set; }
    public string OwnerEmail { get; private set; } = "";

    public static async Task<ConversationScene> CreateAsync(StreamlineApp app, long credits = 100_000, string business = "Brightside Web Studio")
    {
        var scene = new ConversationScene(app);
        await using var db = app.Database.NewContext();
        var owner = new AppUser
        {
            Id = Guid.NewGuid(), UserName = $"owner-{Guid.NewGuid():N}@example.test", DisplayName = "Owner", CreatedAt = DateTime.UtcNow,
        };
        owner.Email = owner.UserName;
        owner.NormalizedEmail = owner.Email.ToUpperInvariant();
        owner.NormalizedUserName = owner.NormalizedEmail;
        db.Users.Add(owner);
        var workspace = new Workspace { Name = business, CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = owner.Id, Role = WorkspaceRole.Owner, JoinedAt = DateTime.UtcNow });
        var campaign = new Campaign
        {
            WorkspaceId = workspace.Id, Name = "Website launch", Status = CampaignStatus.Active, Channels = CampaignChannels.Web,
            ProductName = "Launch website", ProductDescription = "A five-page website designed and built in three weeks.",
            PriceCents = Price, Features = ["Responsive design", "Contact form", "SEO basics"],
            Greeting = "Hi! Thinking about a new website?",
            QualificationQuestions = ["What does your business do?", "Do you have a website today?"],
            Objections = [new ObjectionAnswer { Objection = "That is too expensive", Answer = "We can spread the payment over three months." }],
            ClosingMessage = "Shall I have someone call you to get started?",
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ActivatedAt = DateTime.UtcNow,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        scene.WorkspaceId = workspace.Id;
        scene.CampaignId = campaign.Id;
        scene.OwnerEmail = owner.Email;
        if (credits > 0)
            await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
                .GrantAsync(workspace.Id, credits, LedgerEntryType.AdminGrant, "test credits", $"test:{workspace.Id}", null, null, CancellationToken.None));
        return scene;
    }

    public Task<Conversation> StartAsync() =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<ConversationService>().StartWidgetAsync(WorkspaceId)).Conversation);

    public Task<PostResult> PostAsync(Guid conversationId, string text) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(conversationId, text));

    /// <summary>Posts and answers as the streaming request would; the chunks are what the listener received.</summary>
    public async Task<(ReplyResult Reply, List<string> Chunks)> SayAsync(Guid conversationId, string text)
    {
        var posted = await PostAsync(conversationId, text);
        Assert.Equal(PostOutcome.Posted, posted.Outcome);
        var chunks = new List<string>();
        var reply = await AnswerAsync(posted.Message!.Id, chunk => { chunks.Add(chunk); return Task.CompletedTask; });
        return (reply, chunks);
    }

    public Task<ReplyResult> AnswerAsync(Guid messageId, Func<string, Task>? onText = null) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AiResponder>().AnswerAsync(messageId, onText, CancellationToken.None));

    public async Task<Conversation> ConversationAsync(Guid id)
    {
        await using var db = app.Database.NewContext();
        return await db.Conversations.IgnoreQueryFilters().AsNoTracking().Include(c => c.Contact).SingleAsync(c => c.Id == id);
    }

    public async Task<List<ChatMessage>> MessagesAsync(Guid conversationId)
    {
        await using var db = app.Database.NewContext();
        return await db.ChatMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.Sequence).ToListAsync();
    }

    /// <summary>Sets the balance by an admin grant or removal of the difference.</summary>
    public async Task SetBalanceAsync(long millicredits)
    {
        var difference = millicredits - (await BalanceAsync() ?? 0);
        if (difference == 0) return;
        var key = $"test:{Guid.NewGuid()}";
        await app.WithScopeAsync(sp => difference > 0
            ? sp.GetRequiredService<CreditService>().GrantAsync(WorkspaceId, difference, LedgerEntryType.AdminGrant, "test credits", key, null, null, CancellationToken.None)
            : sp.GetRequiredService<CreditService>().SpendAsync(WorkspaceId, -difference, LedgerEntryType.AdminRemoval, "test removal", key, null, null, CancellationToken.None));
    }

    public Task<long?> BalanceAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().BalanceAsync(WorkspaceId));

    public async Task<List<string>> MailTemplatesToOwnerAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.AsNoTracking().Where(m => m.To == OwnerEmail).Select(m => m.Template).ToListAsync();
    }

    public async Task<List<EmailMessage>> MailsToOwnerAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.AsNoTracking().Where(m => m.To == OwnerEmail).ToListAsync();
    }

    public Task PauseCreditsAsync() => app.WithScopeAsync(async sp =>
    {
        await sp.GetRequiredService<CreditService>().SetStatusAsync(WorkspaceId, WalletStatus.Paused);
        return true;
    });

    public async Task<List<CreditReservation>> ReservationsAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.CreditReservations.IgnoreQueryFilters().AsNoTracking().Where(r => r.WorkspaceId == WorkspaceId).ToListAsync();
    }
}
