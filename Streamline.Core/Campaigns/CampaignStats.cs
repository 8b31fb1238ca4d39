using Streamline.Core.Analytics;

namespace Streamline.Core.Campaigns;

/// <summary>What a campaign has achieved. Revenue is in the campaign's currency.</summary>
public sealed record CampaignStats(int Conversations, int Leads, int Conversions, long RevenueCents)
{
    public static readonly CampaignStats None = new(0, 0, 0, 0);

    public bool HasConversations => Conversations > 0;
}

/// <summary>The numbers on a campaign's page: the analytics measures of its conversations since it was created.</summary>
public sealed class CampaignStatsQuery(AnalyticsQuery analytics)
{
    public async Task<CampaignStats> ForCampaignAsync(Guid campaignId, DateTime createdAt, CancellationToken ct = default)
    {
        var m = await analytics.TotalsAsync(DateOnly.FromDateTime(createdAt), analytics.Today, campaignId, ct);
        return new CampaignStats(m.Conversations, m.Leads, m.Won, m.RevenueCents);
    }
}
