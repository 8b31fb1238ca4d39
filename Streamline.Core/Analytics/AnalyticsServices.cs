using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Streamline.Core.Analytics;

public static class AnalyticsServices
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddScoped<DailyStatsCalculator>();
        services.AddScoped<DailyStatsAggregation>();
        services.AddScoped<AggregateDailyStats>();
        services.AddScoped<AnalyticsQuery>();
        services.AddSingleton<SalesSummaryCache>();
        services.AddScoped<AnalyticsReports>();
        // No orders until Commerce registers its attribution in place of this one.
        services.TryAddScoped<IOrderAttribution, NoOrderAttribution>();
        return services;
    }
}
