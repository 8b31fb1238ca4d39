using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streamline.Web.Infrastructure;

/// <summary>Ready only if the background-job storage answers a real read.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Background-job storage is unreachable.", ex));
        }
    }
}
