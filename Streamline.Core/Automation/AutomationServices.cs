using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Automation.Requests;
using Streamline.Core.Automation.Scraper;
using Streamline.Core.Automation.Webpage;

namespace Streamline.Core.Automation;

public static class AutomationServices
{
    public static IServiceCollection AddAutomation(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<AutomationOptions>(config.GetSection(AutomationOptions.Section));
        services.AddSingleton<ServiceFiles>();
        services.AddScoped<ServiceRegistry>();
        services.AddScoped<ServiceRuns>();
        services.AddScoped<RunAutomationService>();
        services.AddScoped<SweepServiceRuns>();

        services.AddScraper(config);
        services.AddAutomationService<AiScraper>();
        services.AddAutomationService<WebpageGenerator>();
        services.AddAutomationService<VideoGeneratorRequest>();
        services.AddAutomationService<WorkflowAutomationRequest>();
        services.AddAutomationService<CustomIntegrationRequest>();
        return services;
    }

    /// <summary>Registers a service: it is listed at /services and runs through the one paid wrapper.</summary>
    public static IServiceCollection AddAutomationService<TService>(this IServiceCollection services) where TService : AutomationService =>
        services.AddScoped<AutomationService, TService>();
}
