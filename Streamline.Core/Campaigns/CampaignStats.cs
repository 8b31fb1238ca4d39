namespace Streamline.Core.Campaigns;

/// <summary>What a campaign has achieved. Revenue is in the campaign's currency.</summary>
public sealed record CampaignStats(int Conversations, int Leads, int Conversions, long RevenueCents)
{
    public static readonly CampaignStats None = new(0, 0, 0, 0);

    public bool HasConversations => Conversations > 0;
}

/// <summary>
/// The numbers on a campaign's page. There are no conversations or orders to count yet, so every
/// campaign honestly has none; the conversations work counts them here, and the page stays as it is.
/// </summary>
public sealed class CampaignStatsQuery
{
    public Task<CampaignStats> ForCampaignAsync(Guid campaignId, CancellationToken ct = default) => Task.FromResult(CampaignStats.None);
}
