using Streamline.Core.Conversations;

namespace Streamline.Core.Channels;

/// <summary>Where each provider delivers its webhooks (fixed routes: the owner pastes them into Meta's App Dashboard).</summary>
public static class ChannelWebhooks
{
    public const string WhatsAppPath = "/webhooks/whatsapp";
    public const string MetaPath = "/webhooks/meta";

    public static string PathFor(MessagingChannel channel) => PathFor(channel.Channel, channel.Id);

    public static string PathFor(ConversationChannel channel, Guid channelId) => channel switch
    {
        ConversationChannel.WhatsApp => WhatsAppPath,
        ConversationChannel.Messenger or ConversationChannel.Instagram => MetaPath,
        ConversationChannel.Telegram => $"/webhooks/telegram/{channelId}",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a messaging channel."),
    };

    /// <summary>The four channels a workspace can connect, in the order the pages list them.</summary>
    public static readonly IReadOnlyList<ConversationChannel> Connectable =
        [ConversationChannel.WhatsApp, ConversationChannel.Telegram, ConversationChannel.Messenger, ConversationChannel.Instagram];
}
