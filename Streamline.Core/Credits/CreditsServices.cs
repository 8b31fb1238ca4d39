using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits.LedgerWriting;
using Streamline.Core.Data;

namespace Streamline.Core.Credits;

public static class CreditsServices
{
    public static IServiceCollection AddCredits(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<BalanceCache>();
        services.AddScoped<PostgresLedgerWriting>();
        // Chosen by the startup settings: the same for every scope of the app.
        services.AddScoped<ILedgerWriting>(sp => sp.GetRequiredService<DatabaseSettings>() is { Provider: DatabaseProvider.Postgres, PostgresFastPaths: true }
            ? sp.GetRequiredService<PostgresLedgerWriting>()
            : PortableLedgerWriting.Instance);
        services.AddScoped<CreditService>();
        services.AddScoped<CreditReports>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<ReleaseExpiredReservations>();
        services.AddScoped<ReconcileWallets>();
        services.AddScoped<Disputes.CreditDisputeService>();
        return services;
    }
}
