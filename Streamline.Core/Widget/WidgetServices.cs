using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Data;

namespace Streamline.Core.Widget;

public static class WidgetServices
{
    public static IServiceCollection AddWidget(this IServiceCollection services)
    {
        services.AddCacheForgottenOnSave<WidgetKeyCache>();
        services.AddScoped<WidgetSettingsService>();
        services.AddScoped<WidgetAiCap>();
        return services;
    }
}
