using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Credits;

public static class CreditsServices
{
    public static IServiceCollection AddCredits(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<BalanceCache>();
        services.AddScoped<CreditService>();
        services.AddScoped<CreditReports>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<ReleaseExpiredReservations>();
        services.AddScoped<ReconcileWallets>();
        services.AddScoped<Disputes.CreditDisputeService>();
        return services;
    }
}
