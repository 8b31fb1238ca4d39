using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Assistant;

public static class AssistantServices
{
    public static IServiceCollection AddAssistant(this IServiceCollection services)
    {
        services.AddScoped<AssistantTools>();
        services.AddScoped<Leo>();
        return services;
    }
}
