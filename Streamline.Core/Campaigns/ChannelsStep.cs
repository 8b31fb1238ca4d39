namespace Streamline.Core.Campaigns;

/// <summary>Step 2: where the AI sells it — every channel, or only the ticked ones.</summary>
public sealed class ChannelsStep : ICampaignStep
{
    /// <summary>"All channels" chosen: the ticks below it no longer matter, so unticking one cannot be silently overruled.</summary>
    public bool All { get; set; }

    /// <summary>The ticked channels by name ("Web", "Telegram"), as the checkboxes send them.</summary>
    public List<string?> Selected { get; set; } = [];

    public CampaignChannels Combined => All
        ? CampaignChannels.All
        : CampaignChannelNames.Each.Where(c => Selected.Contains(c.ToString())).Aggregate(CampaignChannels.None, (all, c) => all | c);

    public static ChannelsStep From(Campaign c) => new()
    {
        All = c.Channels == CampaignChannels.All,
        Selected = [.. CampaignChannelNames.Each.Where(e => c.Channels.HasFlag(e)).Select(e => e.ToString())],
    };

    public IReadOnlyList<CampaignFieldError> Validate() =>
        Selected.All(name => CampaignChannelNames.Each.Any(c => c.ToString() == name))
            ? []
            : [new(nameof(Selected), "Choose channels from the list.")];

    public void ApplyTo(Campaign campaign) => campaign.Channels = Combined;
}
