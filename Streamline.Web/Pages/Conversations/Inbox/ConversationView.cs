using Streamline.Core.Commerce;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>
/// One conversation page as one viewer sees it. The regions (controls, transcript, reply, lead panel) render from
/// it on their own for the live refresh, or all together, out of band, after an action.
/// </summary>
public sealed record ConversationView(ConversationDetail Detail, string BaseUrl, bool ReadOnly, Guid ViewerId, string Stamp)
{
    public Conversation Conversation => Detail.Conversation;
    public ConversationStatus Status => Conversation.Status;

    /// <summary>Set on an action's response: every region then swaps itself in out of band.</summary>
    public bool Oob { get; init; }
    public string? ActionError { get; init; }
    public string? ReplyText { get; init; }
    public string? ReplyError { get; init; }

    /// <summary>Shop orders attributed to this conversation (last touch); read on the full page only.</summary>
    public IReadOnlyList<AttributedOrder> Orders { get; init; } = [];

    public bool HeldByMe => !ReadOnly && Detail.IsHeldBy(ViewerId);
    public bool HeldByOther => Status == ConversationStatus.Human && Conversation.AssignedUserId is { } id && id != ViewerId;
    public bool CanTakeOver => !ReadOnly && Status != ConversationStatus.Closed && !HeldByMe && !HeldByOther;
    public bool CanGiveBack => !ReadOnly && Status is ConversationStatus.Human or ConversationStatus.AwaitingHuman;
    public bool CanClose => !ReadOnly && Status != ConversationStatus.Closed;

    public string? OobAttribute => Oob ? "true" : null;

    public InboxLive Live => new("conversation-live", BaseUrl + "/live", Stamp);

    public string AuthorOf(ChatMessage message) => message.Sender switch
    {
        MessageSender.Visitor => Detail.ContactName,
        MessageSender.Ai => "AI assistant",
        MessageSender.Human when message.AuthorUserId == ViewerId && !ReadOnly => "You",
        MessageSender.Human => message.AuthorUserId is { } author ? Detail.NameOf(author) : ConversationDetail.FormerMember,
        _ => "",
    };
}
