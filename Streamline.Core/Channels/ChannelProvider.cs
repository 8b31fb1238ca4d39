using Streamline.Core.Conversations;

namespace Streamline.Core.Channels;

/// <summary>
/// One provider's API, the same for a live channel and a sandbox one (whose HTTP goes to the app's simulated provider):
/// check the credentials, prepare the provider's side on connect (Telegram's <c>setWebhook</c>), send a message.
/// Parsing webhooks lives beside each provider's endpoint; this is the outbound half.
/// </summary>
public interface IChannelProvider
{
    ConversationChannel Channel { get; }

    /// <summary>The longest text one provider message may carry, in the unit <see cref="ChannelRules.TextLimitOf"/> gives; longer replies are split.</summary>
    int MaxTextLength { get; }

    /// <summary>Calls the provider with these credentials and says, in words an owner can act on, what is wrong.</summary>
    Task<ChannelCheck> TestConnectionAsync(MessagingChannel channel, ChannelCredentials credentials, CancellationToken ct);

    /// <summary>Whatever the provider needs when the channel is saved: Telegram registers <paramref name="webhookUrl"/>.</summary>
    Task<ChannelCheck> ConnectAsync(MessagingChannel channel, ChannelCredentials credentials, Uri webhookUrl, CancellationToken ct);

    Task<SendOutcome> SendAsync(MessagingChannel channel, ChannelCredentials credentials, OutboundChannelMessage message, CancellationToken ct);

    /// <summary>
    /// Downloads a file a customer sent (by the provider's media id), refusing one over <paramref name="maxBytes"/>;
    /// null when the provider no longer has it.
    /// </summary>
    Task<FetchedMedia?> FetchMediaAsync(MessagingChannel channel, ChannelCredentials credentials, InboundMedia media, long maxBytes,
        CancellationToken ct);
}

public sealed record FetchedMedia(byte[] Content, string ContentType, string? FileName);

public sealed record ChannelCheck(bool Ok, string Message)
{
    public static ChannelCheck Passed(string message) => new(true, message);
    public static ChannelCheck Failed(string message) => new(false, message);
}

/// <summary>
/// One message to send: text (already split to <see cref="IChannelProvider.MaxTextLength"/>), or a WhatsApp template
/// when the customer-service window is closed. <see cref="WrittenByPerson"/> marks a human's reply from the inbox: only
/// those may go out under Messenger's human-agent tag.
/// </summary>
public sealed record OutboundChannelMessage(
    string RecipientId,
    string? Text,
    bool WrittenByPerson,
    bool OutsideWindow = false,
    ChannelTemplate? Template = null);

/// <summary>An approved WhatsApp template: its name, language code and the body parameters in order.</summary>
public sealed record ChannelTemplate(string Name, string Language, IReadOnlyList<string> Parameters);

/// <summary>What the provider said to a send.</summary>
public abstract record SendOutcome
{
    /// <summary>Accepted: the provider's id for the message, which its status callbacks name.</summary>
    public sealed record Sent(string ProviderMessageId) : SendOutcome;

    /// <summary>429, 5xx or a timeout: try again, no sooner than <see cref="After"/> when the provider said.</summary>
    public sealed record RetryLater(string Error, TimeSpan? After) : SendOutcome;

    /// <summary>Refused for good (4xx): the provider's code and words, shown on the message.</summary>
    public sealed record Rejected(string Code, string Message) : SendOutcome;
}
