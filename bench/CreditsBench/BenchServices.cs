using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamline.Core.Hosting;

namespace Streamline.Bench.Credits;

public static class BenchServices
{
    /// <summary>
    /// The same registrations as the web app and the workers (AddStreamlineCore), so CreditService runs
    /// with its production DbContext, interceptors and connection pool. The host is never started:
    /// no job server, no recurring-job registration, only the container.
    /// </summary>
    public static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // EF Core logs every command at Information: that would measure the console, not the service.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed command surfaces as an exception anyway; on a fresh database EF's first look at
        // __EFMigrationsHistory fails by design and would otherwise print as an error.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        // stdout carries the results the benchmark script reads; every log line goes to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // The driver sends no mail, but outside Development the public address must be set.
        builder.Configuration[PublicUrl.Key] ??= "http://localhost";
        builder.Services.AddStreamlineCore(builder.Configuration, builder.Environment, runJobServer: false);
        return builder.Build();
    }
}
