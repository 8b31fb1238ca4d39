using Streamline.Core.Conversations;

namespace Streamline.Core.Campaigns;

/// <summary>The single channels a campaign can target, in the order people see them, with their names.</summary>
public static class CampaignChannelNames
{
    public static readonly IReadOnlyList<CampaignChannels> Each =
        [CampaignChannels.Web, CampaignChannels.WhatsApp, CampaignChannels.Telegram, CampaignChannels.Messenger, CampaignChannels.Instagram];

    /// <summary>A platform's name: the one of its channels (<see cref="ConversationChannels.Name"/>), the website's chat for the web.</summary>
    public static string Name(CampaignChannels channel) => channel switch
    {
        CampaignChannels.Web => ConversationChannel.Widget.Name(),
        CampaignChannels.WhatsApp => ConversationChannel.WhatsApp.Name(),
        CampaignChannels.Telegram => ConversationChannel.Telegram.Name(),
        CampaignChannels.Messenger => ConversationChannel.Messenger.Name(),
        CampaignChannels.Instagram => ConversationChannel.Instagram.Name(),
        _ => channel.ToString(),
    };

    /// <summary>"All channels", "None", or the names joined: "Website chat, Telegram".</summary>
    public static string Describe(CampaignChannels channels) => channels switch
    {
        CampaignChannels.All => "All channels",
        CampaignChannels.None => "None",
        _ => string.Join(", ", Each.Where(c => channels.HasFlag(c)).Select(Name)),
    };
}
