namespace Streamline.Core.Conversations.Inbox;

/// <summary>Which conversations the inbox lists. Every part is optional; together they narrow the list.</summary>
public sealed record InboxFilter(ConversationStatus? Status = null, Guid? CampaignId = null, int? MinScore = null, bool UnreadOnly = false,
    ConversationChannel? Channel = null)
{
    public const int MaxScore = 100;

    public static readonly InboxFilter None = new();

    internal IQueryable<Conversation> Apply(IQueryable<Conversation> conversations)
    {
        if (Status is { } status) conversations = conversations.Where(c => c.Status == status);
        if (CampaignId is { } campaign) conversations = conversations.Where(c => c.CampaignId == campaign);
        if (Channel is { } channel) conversations = conversations.Where(c => c.Channel == channel);
        if (MinScore is { } score) conversations = conversations.Where(c => c.LeadScore >= score);
        // Conversation.IsUnread, spelled out so the database evaluates it.
        if (UnreadOnly)
            conversations = conversations.Where(c => c.LastVisitorMessageAt != null && (c.ReadAt == null || c.ReadAt < c.LastVisitorMessageAt));
        return conversations;
    }
}
