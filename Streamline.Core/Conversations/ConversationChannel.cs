using Streamline.Core.Campaigns;

namespace Streamline.Core.Conversations;

/// <summary>Where a conversation happens. Stored by name, so adding one needs no migration.</summary>
public enum ConversationChannel { Widget, Portal, WhatsApp, Telegram, Messenger, Instagram }

public static class ConversationChannels
{
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
    /// The campaigns a conversation on <paramref name="platforms"/> may use, in the order a new conversation picks from:
    /// active ones that target one of them, oldest activation first. The one definition every reader uses.
    /// </summary>
    public static IQueryable<Campaign> ActiveOn(this IQueryable<Campaign> campaigns, CampaignChannels platforms) =>
        campaigns.Where(c => c.Status == CampaignStatus.Active && (c.Channels & platforms) != 0)
            .OrderBy(c => c.ActivatedAt).ThenBy(c => c.Name);

    public static IQueryable<Campaign> ActiveOn(this IQueryable<Campaign> campaigns, ConversationChannel channel) =>
        campaigns.ActiveOn(channel.Platform());
}
