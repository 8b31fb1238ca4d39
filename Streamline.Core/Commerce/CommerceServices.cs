using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streamline.Core.Analytics;
using Streamline.Core.Commerce.Sandbox;

namespace Streamline.Core.Commerce;

public static class CommerceServices
{
    public static IServiceCollection AddCommerce(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ShopifyOptions>(config.GetSection(ShopifyOptions.Section));
        services.AddSingleton<SandboxShops>();
        services.AddSingleton<ShopifyTokens>();
        services.AddSingleton<ShopifyClients>();
        services.AddScoped<CommerceUpserts>();
        services.AddScoped<ShopifySync>();
        services.AddScoped<SyncShopifyStore>();
        services.AddScoped<ScheduleShopifySyncs>();
        services.AddScoped<ShopifyConnections>();
        services.AddScoped<ShopifyWebhookReceiver>();
        services.AddScoped<ApplyShopifyWebhook>();
        services.AddScoped<OrderLookup>();
        services.AddScoped<ShopifyOAuth>();
        services.AddScoped<CommerceAttribution>();
        services.AddScoped<CustomerConversations>();
        // Orders and their revenue reach /analytics, the campaign results and the dashboard through this.
        services.Replace(ServiceDescriptor.Scoped<IOrderAttribution, CommerceOrderAttribution>());
        return services;
    }
}
