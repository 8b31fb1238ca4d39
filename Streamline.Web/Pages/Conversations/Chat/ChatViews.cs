using Streamline.Core.Conversations;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>Where one chat surface's requests go: the widget under /chat/{key}, the portal under /talk.</summary>
public sealed record ChatLinks(string Base)
{
    public static ChatLinks Widget(string key) => new($"/chat/{key}");
    public static readonly ChatLinks Portal = new("/talk");

    public string Messages => $"{Base}/messages";
    public string Start => $"{Base}/start";
    public string Stream(Guid messageId, string ticket) => $"{Base}/stream/{messageId}?ticket={Uri.EscapeDataString(ticket)}";

    /// <summary>One address for every reader (visitor, portal customer, workspace member): the handler decides who may.</summary>
    public static string Attachment(Guid messageId, Guid attachmentId) => $"/chat/files/{messageId}/{attachmentId}";
}

/// <summary>
/// The chat panel: <see cref="WidgetKey"/> is set inside the widget's iframe (where the visitor's token lives), null on
/// the portal; <see cref="OfflineNotice"/> is the business-hours message while closed.
/// </summary>
public sealed record ChatShell(ChatLinks Links, string Title, string Greeting, string? OfflineNotice, string? WidgetKey, string? BrandColor)
{
    public bool InWidget => WidgetKey is not null;
}

/// <summary>
/// The conversation a message is sent to, as the page knows it: a widget visitor's by its token (no copy of the row:
/// the store reads what it needs), a portal customer's as just read (<see cref="AsRead"/>, saved against on the
/// portable path). Whose it is goes into the stream's ticket.
/// </summary>
public sealed record ChatTarget(Guid ConversationId, Guid WorkspaceId, ConversationChannel Channel, Guid HolderId, Conversation? AsRead)
{
    public static ChatTarget Widget(Guid workspaceId, Guid conversationId) =>
        new(conversationId, workspaceId, ConversationChannel.Widget, workspaceId, null);

    public static ChatTarget Portal(Conversation conversation) =>
        new(conversation.Id, conversation.WorkspaceId, ConversationChannel.Portal, conversation.UserId!.Value, conversation);
}

/// <summary>The visitor's message as stored and, when the AI is to answer it, the bubble its answer streams into.</summary>
public sealed record SentMessage(ChatMessage Message, PendingReply? Pending);

public sealed record PendingReply(Guid MessageId, string StreamUrl);
