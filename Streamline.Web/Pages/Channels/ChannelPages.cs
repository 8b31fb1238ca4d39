using Streamline.Core.Conversations;

namespace Streamline.Web.Pages.Channels;

/// <summary>Names, links and the words each provider's pages share.</summary>
public static class ChannelPages
{
    /// <summary>The simulated provider is the embedded default's: a production server talks only to the real ones.</summary>
    public static bool SandboxAllowed(IHostEnvironment env) => !env.IsProduction();

    public static string Slug(ConversationChannel channel) => channel.ToString().ToLowerInvariant();

    public static ConversationChannel? FromSlug(string? slug) =>
        Core.Channels.ChannelWebhooks.Connectable.Cast<ConversationChannel?>().FirstOrDefault(c => Slug(c!.Value) == slug?.ToLowerInvariant());

    public static string ConnectUrl(ConversationChannel channel, Guid? id = null) =>
        id is { } existing ? $"/channels/connect/{Slug(channel)}/{existing}" : $"/channels/connect/{Slug(channel)}";

    public static string SandboxUrl(Guid id) => $"/channels/{id}/sandbox";

    public static string Icon(ConversationChannel channel) => channel switch
    {
        ConversationChannel.WhatsApp => "🟢",
        ConversationChannel.Telegram => "✈️",
        ConversationChannel.Messenger => "💬",
        ConversationChannel.Instagram => "📸",
        _ => "🔌",
    };

    public static string Tagline(ConversationChannel channel) => channel switch
    {
        ConversationChannel.WhatsApp => "A WhatsApp Business number through Meta's Cloud API.",
        ConversationChannel.Telegram => "A Telegram bot you create with BotFather.",
        ConversationChannel.Messenger => "Your Facebook Page's Messenger inbox.",
        ConversationChannel.Instagram => "Direct messages to your Instagram professional account.",
        _ => "",
    };
}
