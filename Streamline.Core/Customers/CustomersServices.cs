using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Customers;

public static class CustomersServices
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<SuspensionCache>();
        services.AddScoped<CustomerService>();
        services.AddScoped<CustomerDirectory>();
        return services;
    }
}
