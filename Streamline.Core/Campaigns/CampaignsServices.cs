using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Campaigns;

public static class CampaignsServices
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddScoped<CampaignEditor>();
        services.AddScoped<CampaignStatsQuery>();
        return services;
    }
}
