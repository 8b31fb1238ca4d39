using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels;

/// <summary>
/// A customer as one connected channel knows them: WhatsApp's business-scoped user id (with the phone number when Meta
/// sends one), a page-scoped id, a Telegram chat id. Points at the conversation their next message continues and keeps
/// what the channel's rules need: when they last wrote (WhatsApp's and Messenger's 24-hour window) and whether they
/// asked for no more messages.
/// </summary>
public class ChannelIdentity : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }

    /// <summary>The provider's id of the customer, unique per channel: what replies are addressed to.</summary>
    public required string ExternalId { get; set; }
    public string? Phone { get; set; }
    public string? DisplayName { get; set; }

    public Guid? ContactId { get; set; }

    /// <summary>The conversation the customer's next message continues; a new one starts when it is closed.</summary>
    public Guid? ConversationId { get; set; }

    /// <summary>When the customer last wrote: opens the provider's customer-service window.</summary>
    public DateTime? LastInboundAt { get; set; }

    /// <summary>Set by an opt-out word ("STOP"): nothing goes out until the customer writes again.</summary>
    public DateTime? OptedOutAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool WindowOpen(DateTime now) => LastInboundAt is { } last && now - last < ChannelRules.CustomerServiceWindow;
}
