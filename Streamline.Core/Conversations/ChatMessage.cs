using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

/// <summary>One message in a conversation. Visitor messages are stored before any AI call, so none is lost.</summary>
public class ChatMessage : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ConversationId { get; set; }

    /// <summary>Position in the conversation (1, 2, …), unique per conversation: the order and the "after" cursor.</summary>
    public int Sequence { get; set; }
    public MessageSender Sender { get; set; }
    public required string Text { get; set; }
    public Guid? AuthorUserId { get; set; }
    public List<MessageAttachment> Attachments { get; set; } = [];

    /// <summary>
    /// On an AI or system message, the visitor message it answers. Unique: whichever of the streaming request
    /// and the background job gets there second cannot post a second answer.
    /// </summary>
    public Guid? ReplyToId { get; set; }

    /// <summary>On a visitor message: whether it still needs an AI answer.</summary>
    public ReplyState ReplyState { get; set; } = ReplyState.None;
    public int ReplyAttempts { get; set; }

    /// <summary>Lease of whoever is answering; also the earliest time a retry may start.</summary>
    public DateTime? ReplyLeaseUntil { get; set; }

    public string? Model { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public long CostMillicredits { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum MessageSender { Visitor, Ai, Human, System }

public enum ReplyState
{
    /// <summary>Not a visitor message, or one that needs no AI answer (a human has the conversation).</summary>
    None,
    Awaiting,
    Answered,
}

/// <summary>A file the visitor attached, stored under the data directory (never wwwroot).</summary>
public class MessageAttachment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Bytes { get; set; }
}
