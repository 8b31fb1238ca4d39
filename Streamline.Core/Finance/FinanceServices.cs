using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Finance;

public static class FinanceServices
{
    public static IServiceCollection AddFinance(this IServiceCollection services) => services.AddScoped<FinanceReport>();
}
