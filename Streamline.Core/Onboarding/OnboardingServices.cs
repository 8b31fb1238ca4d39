using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Onboarding;

public static class OnboardingServices
{
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddScoped<OnboardingService>();
        services.AddScoped<House.HouseWorkspaceSeed>();
        return services;
    }
}
