using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Analytics;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Analytics;

/// <summary>
/// A workspace with two campaigns and five conversations written straight into the tables, three and two days ago
/// and today (UTC), whose every measure is known; <see cref="AddAsync"/> writes more.
/// </summary>
public sealed class AnalyticsScene(StreamlineApp app, Guid workspaceId)
{
    public Guid WorkspaceId { get; } = workspaceId;
    public Guid Websites { get; private set; }
    public Guid Scraper { get; private set; }
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);
    public static DateOnly ThreeDaysAgo => Today.AddDays(-3);
    public static DateOnly TwoDaysAgo => Today.AddDays(-2);

    public static DateTime At(DateOnly day, int hour, int minute = 0, int second = 0) =>
        day.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc);

    public static async Task<AnalyticsScene> CreateAsync(StreamlineApp app, string name = "Known Numbers Ltd")
    {
        await using var db = app.Database.NewContext();
        var workspace = new Workspace { Name = name, CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return await OnAsync(app, workspace.Id);
    }

    /// <summary>In a workspace that exists already (a signed-in user's).</summary>
    public static async Task<AnalyticsScene> OnAsync(StreamlineApp app, Guid workspaceId)
    {
        var scene = new AnalyticsScene(app, workspaceId);
        scene.Websites = await scene.CampaignAsync("Websites");
        scene.Scraper = await scene.CampaignAsync("Scraper");
        return scene;
    }

    /// <summary>The known data set: see the expected figures in <see cref="AnalyticsMeasuresTests{TApp}"/>.</summary>
    public async Task SeedKnownSetAsync()
    {
        var d1 = ThreeDaysAgo;
        var d2 = TwoDaysAgo;
        // Answered in 5 s, a qualified lead, an accepted $299 proposal.
        await AddAsync(At(d1, 10), Websites, ConversationChannel.Widget, email: "ada@lead.test", qualified: true,
            messages: [(MessageSender.Visitor, At(d1, 10), 0), (MessageSender.Ai, At(d1, 10, 0, 5), 1_500), (MessageSender.Visitor, At(d1, 10, 1), 0), (MessageSender.Ai, At(d1, 10, 1, 20), 2_500)],
            proposals: [(29_900, true, false)]);
        // A greeting before the visitor wrote, then a person answered after 2 min; handed off; a proposal still open.
        await AddAsync(At(d1, 10, 30), Websites, ConversationChannel.WhatsApp, handoff: true,
            messages: [(MessageSender.Ai, At(d1, 10, 30), 0), (MessageSender.Visitor, At(d1, 10, 30, 10), 0), (MessageSender.Human, At(d1, 10, 32, 10), 0)],
            proposals: [(10_000, false, false)]);
        // A lead by phone whose message nobody answered.
        await AddAsync(At(d2, 15), Scraper, ConversationChannel.Widget, phone: "+14155550100", messages: [(MessageSender.Visitor, At(d2, 15), 0)]);
        // Opened and left without a word, on no campaign.
        await AddAsync(At(d2, 23), null, ConversationChannel.Widget);
        // Today: answered in 38 s, a lead whose $50 proposal was accepted and became a job.
        var today = Today;
        await AddAsync(At(today, 0, 0, 1), Websites, ConversationChannel.Widget, email: "bob@lead.test",
            messages: [(MessageSender.Visitor, At(today, 0, 0, 2), 0), (MessageSender.Ai, At(today, 0, 0, 40), 1_000)],
            proposals: [(5_000, true, true)]);
    }

    public async Task<Guid> CampaignAsync(string name)
    {
        await using var db = app.Database.NewContext();
        var campaign = new Campaign
        {
            WorkspaceId = WorkspaceId, Name = name, Status = CampaignStatus.Active, ProductName = name, PriceCents = 29_900,
            CreatedAt = At(ThreeDaysAgo.AddDays(-10), 9), UpdatedAt = DateTime.UtcNow, ActivatedAt = DateTime.UtcNow,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign.Id;
    }

    public async Task<Guid> AddAsync(
        DateTime startedAt, Guid? campaignId, ConversationChannel channel, string? email = null, string? phone = null,
        bool qualified = false, bool handoff = false,
        (MessageSender Sender, DateTime At, long Cost)[]? messages = null, (long Cents, bool Accepted, bool Job)[]? proposals = null)
    {
        await using var db = app.Database.NewContext();
        var contact = new Contact { WorkspaceId = WorkspaceId, Email = email, Phone = phone, CreatedAt = startedAt, UpdatedAt = startedAt };
        var conversation = new Conversation
        {
            WorkspaceId = WorkspaceId, Channel = channel, CampaignId = campaignId, Contact = contact, CreatedAt = startedAt,
            LastMessageAt = startedAt, QualifiedAt = qualified ? startedAt : null, HandoffReason = handoff ? HandoffReason.VisitorAsked : null,
            VisitorTokenHash = Guid.NewGuid().ToString("N"),
        };
        db.Conversations.Add(conversation);
        var sequence = 0;
        foreach (var (sender, at, cost) in messages ?? [])
            db.ChatMessages.Add(new ChatMessage
            {
                WorkspaceId = WorkspaceId, ConversationId = conversation.Id, Sequence = ++sequence, Sender = sender, Text = $"{sender} says hello",
                CostMillicredits = cost, Model = sender == MessageSender.Ai ? "offline" : null, CreatedAt = at,
            });
        foreach (var (cents, accepted, job) in proposals ?? [])
            db.Proposals.Add(new Proposal
            {
                WorkspaceId = WorkspaceId, ConversationId = conversation.Id, ContactId = contact.Id, PublicToken = Guid.NewGuid().ToString("N"),
                Title = "Proposal", Markdown = "# Proposal", TotalCents = cents, Status = accepted ? ProposalStatus.Accepted : ProposalStatus.Sent,
                CreatedAt = startedAt, AcceptedAt = accepted ? startedAt : null, JobId = job ? Guid.NewGuid() : null,
            });
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    public async Task SetEmailAsync(Guid conversationId, string email)
    {
        await using var db = app.Database.NewContext();
        var contact = db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversationId).Select(c => c.Contact!).Single();
        contact.Email = email;
        await db.SaveChangesAsync();
    }

    /// <summary>Runs <paramref name="action"/> in a scope entered into this workspace, as a request of its member would.</summary>
    public Task<T> InWorkspaceAsync<T>(Func<IServiceProvider, Task<T>> action) => app.WithScopeAsync(sp =>
    {
        sp.GetRequiredService<WorkspaceScope>().Enter(WorkspaceId);
        return action(sp);
    });

    public Task<IReadOnlyList<AnalyticsRow>> ForPeriodAsync(DateOnly from, DateOnly to, AnalyticsGroupBy groupBy, Guid? campaignId = null) =>
        InWorkspaceAsync(sp => sp.GetRequiredService<AnalyticsQuery>().ForPeriodAsync(from, to, groupBy, campaignId));

    public async Task<Measures> TotalsAsync(DateOnly from, DateOnly to) => (await ForPeriodAsync(from, to, AnalyticsGroupBy.None))[0].Measures;

    public static Task<int> AggregateAsync(StreamlineApp app, DateOnly day) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<DailyStatsAggregation>().AggregateDayAsync(day, CancellationToken.None));
}
