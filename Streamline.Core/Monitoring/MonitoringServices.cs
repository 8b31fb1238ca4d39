using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Monitoring;

public static class MonitoringServices
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<MonitoringOptions>(config.GetSection(MonitoringOptions.Section));
        services.AddScoped<MonitoringReport>();
        services.AddScoped<AlertMonitoringIncidents>();
        return services;
    }
}
