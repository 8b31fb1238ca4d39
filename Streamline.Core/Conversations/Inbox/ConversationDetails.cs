using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations.Inbox;

/// <summary>A conversation as the inbox shows it: the transcript, the lead, the campaign and the proposals made.</summary>
public sealed record ConversationDetail(
    Conversation Conversation, Contact Contact, string WorkspaceName, string? CampaignName,
    IReadOnlyList<ChatMessage> Messages, IReadOnlyList<Proposal> Proposals, IReadOnlyDictionary<Guid, string> People)
{
    public const string FormerMember = "A former member";

    public string ContactName => ContactNames.Display(Contact.Name);

    /// <summary>Who has taken the conversation over, while someone has.</summary>
    public string? HolderName => Conversation is { Status: ConversationStatus.Human, AssignedUserId: { } id } ? NameOf(id) : null;

    public string NameOf(Guid userId) => People.GetValueOrDefault(userId) ?? FormerMember;

    public bool IsHeldBy(Guid userId) => Conversation.Status == ConversationStatus.Human && Conversation.AssignedUserId == userId;

    /// <summary>On a messaging channel: where each outbound message stands with the provider, by chat message id.</summary>
    public IReadOnlyDictionary<Guid, Channels.ChannelDelivery> Deliveries { get; init; } = new Dictionary<Guid, Channels.ChannelDelivery>();

    /// <summary>The messaging channel the conversation is on; null for the widget and the portal.</summary>
    public Channels.ChannelConversation? Channel { get; init; }
}

/// <summary>What the live poll compares: any change bumps the version; the status and holder decide which controls apply.</summary>
public sealed record ConversationStamp(int Version, ConversationStatus Status, Guid? AssignedUserId);

/// <summary>Loads one conversation for the inbox (the current workspace's) or for admins (any workspace's).</summary>
public sealed class ConversationDetails(StreamlineDbContext db, ConversationLog log, TimeProvider clock)
{
    public async Task<ConversationDetail?> FindAsync(Guid conversationId, bool allWorkspaces, CancellationToken ct)
    {
        var conversation = await Conversations(allWorkspaces).AsNoTracking().Include(c => c.Contact)
            .SingleOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation?.Contact is not { } contact) return null;

        // Visible, so its messages, proposals and campaign are too: they are read by its id, whatever the filter.
        var messages = await log.HistoryAsync(conversationId, ct: ct);
        var proposals = await db.Proposals.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(p => p.ConversationId == conversationId).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        var campaign = conversation.CampaignId is { } campaignId
            ? await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == campaignId).Select(c => c.Name).SingleOrDefaultAsync(ct)
            : null;
        var workspace = await db.Workspaces.Where(w => w.Id == conversation.WorkspaceId).Select(w => w.Name).SingleAsync(ct);
        var userIds = messages.Where(m => m.AuthorUserId is not null).Select(m => m.AuthorUserId!.Value)
            .Concat(conversation.AssignedUserId is { } assigned ? [assigned] : []).Distinct().ToList();
        var people = await db.Users.Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? ConversationDetail.FormerMember : u.DisplayName, ct);
        var (deliveries, channel) = conversation.Channel.Platform() == Campaigns.CampaignChannels.Web
            ? (new Dictionary<Guid, Channels.ChannelDelivery>(), null)
            : await Channels.ChannelConversation.LoadAsync(db, conversationId, clock.GetUtcNow().UtcDateTime, ct);
        return new ConversationDetail(conversation, contact, workspace, campaign, messages, proposals, people)
        {
            Deliveries = deliveries, Channel = channel,
        };
    }

    /// <summary>Null when the conversation is not visible: the caller answers 404.</summary>
    public Task<ConversationStamp?> StampAsync(Guid conversationId, bool allWorkspaces, CancellationToken ct) =>
        Conversations(allWorkspaces).Where(c => c.Id == conversationId)
            .Select(c => new ConversationStamp(c.Version, c.Status, c.AssignedUserId)).SingleOrDefaultAsync(ct);

    private IQueryable<Conversation> Conversations(bool allWorkspaces) =>
        allWorkspaces ? db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace) : db.Conversations;
}
