using Streamline.Core.Campaigns;

namespace Streamline.Core.Conversations;

/// <summary>Where a conversation happens. Stored by name, so adding one needs no migration.</summary>
public enum ConversationChannel { Widget, Portal, WhatsApp, Telegram, Messenger, Instagram }

public static class ConversationChannels
{
    /// <summary>
    /// The one name people see for a channel, on every page, export and mail: the widget on the business's site is
    /// "Website chat", the portal's "Talk to us" is "Portal", and each messaging app goes by its own name.
    /// </summary>
    public static string Name(this ConversationChannel channel) => channel switch
    {
        ConversationChannel.Widget => "Website chat",
        ConversationChannel.Portal => "Portal",
        ConversationChannel.WhatsApp => "WhatsApp",
        ConversationChannel.Telegram => "Telegram",
        ConversationChannel.Messenger => "Messenger",
        ConversationChannel.Instagram => "Instagram",
        _ => channel.ToString(),
    };

    /// <summary>
    /// The campaign platform a channel belongs to: an owner targets "Website chat" once for the widget on their site
    /// and for the portal's "Talk to us", and each messaging app by its own name.
    /// </summary>
    public static CampaignChannels Platform(this ConversationChannel channel) => channel switch
    {
        ConversationChannel.Widget or ConversationChannel.Portal => CampaignChannels.Web,
        ConversationChannel.WhatsApp => CampaignChannels.WhatsApp,
        ConversationChannel.Telegram => CampaignChannels.Telegram,
        ConversationChannel.Messenger => CampaignChannels.Messenger,
        ConversationChannel.Instagram => CampaignChannels.Instagram,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    /// <summary>
    /// The active campaigns, in the order a new conversation picks from: oldest activation first. Which of them a channel
    /// may use is <see cref="SalesSetup.CampaignsOn"/>'s to say, and no one else's.
    /// </summary>
    public static IQueryable<Campaign> Active(this IQueryable<Campaign> campaigns) =>
        campaigns.Where(c => c.Status == CampaignStatus.Active).OrderBy(c => c.ActivatedAt).ThenBy(c => c.Name);
}
