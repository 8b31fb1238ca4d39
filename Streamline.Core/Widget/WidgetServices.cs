using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Data;

namespace Streamline.Core.Widget;

public static class WidgetServices
{
    public static IServiceCollection AddWidget(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<WidgetOptions>(config.GetSection(WidgetOptions.Section));
        services.AddScoped<WidgetMessageCaps>();
        services.AddCacheForgottenOnSave<WidgetKeyCache>();
        services.AddScoped<WidgetSettingsService>();
        services.AddScoped<WidgetAiCap>();
        return services;
    }
}
