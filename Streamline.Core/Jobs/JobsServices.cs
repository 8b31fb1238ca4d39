using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Jobs;

public static class JobsServices
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddScoped<JobService>();
        services.AddScoped<JobNotifications>();
        services.AddScoped<JobComments>();
        services.AddScoped<JobChangeRequests>();
        services.AddScoped<JobResources>();
        services.AddScoped<JobFileStore>();
        services.AddScoped<JobPlanner>();
        // Needs the Data Protection key ring, which the web host configures.
        services.AddScoped<JobCredentials>();
        return services;
    }
}
