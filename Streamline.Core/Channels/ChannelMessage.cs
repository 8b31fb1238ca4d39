using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels;

public enum ChannelDirection { Inbound, Outbound }

/// <summary>
/// One provider message on a channel, in or out. Inbound rows are how redeliveries are recognised: (channel, provider
/// message id) is unique, so a message however often and however concurrently delivered is stored once. Outbound rows
/// are the outbox: one per part of a stored AI, human or system message (long texts go out in several), sent by
/// <see cref="SendChannelMessages"/> and moved along by the provider's status callbacks, never backwards.
/// </summary>
public class ChannelMessage : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }
    public Guid IdentityId { get; set; }
    public Guid ConversationId { get; set; }

    /// <summary>The chat message this is (inbound) or carries (outbound).</summary>
    public Guid? ChatMessageId { get; set; }
    public ChannelDirection Direction { get; set; }

    /// <summary>Which part of its chat message an outbound row carries (0, 1, …); 0 inbound.</summary>
    public int Part { get; set; }

    /// <summary>Inbound: what the customer sent (text, image, …). Outbound: text or template.</summary>
    public required string Kind { get; set; }

    /// <summary>Null on an outbound row until the provider accepts it.</summary>
    public string? ProviderMessageId { get; set; }

    /// <summary>Outbound: the text of this part, or the template's name when <see cref="Kind"/> is template.</summary>
    public string? Text { get; set; }

    /// <summary>Outbound template: its language and parameters (JSON), as the provider takes them.</summary>
    public string? TemplateJson { get; set; }

    /// <summary>Inbound media the provider still holds, until the media job has fetched it.</summary>
    public string? MediaId { get; set; }
    public string? MediaType { get; set; }
    public string? MediaFileName { get; set; }

    public ChannelDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An approved WhatsApp template the inbox may send when the customer-service window is closed.</summary>
public class ChannelMessageTemplate : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }
    public required string Name { get; set; }
    public required string Language { get; set; }
    public int ParameterCount { get; set; }
    public DateTime CreatedAt { get; set; }
}
