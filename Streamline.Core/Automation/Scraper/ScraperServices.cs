using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Automation.Scraper;

public static class ScraperServices
{
    public static IServiceCollection AddScraper(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ScraperOptions>(config.GetSection(ScraperOptions.Section));
        // One client for the app: its connection pool is shared and its handler is safe to use concurrently.
        services.AddSingleton<SafeFetcher>();
        services.AddScoped<ModelExtractor>();
        return services;
    }
}
