using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Audit;

public static class AuditServices
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditLog>();
        return services;
    }
}
