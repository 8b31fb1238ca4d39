using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Data;

namespace Streamline.Core.Background;

public static class BackgroundJobsSetup
{
    /// <summary>
    /// Hangfire storage follows the database: in-memory beside SQLite (the rows in the database stay
    /// the truth and sweepers refill a lost queue), the server's own tables for PostgreSQL and SQL Server.
    /// </summary>
    public static IServiceCollection AddStreamlineBackgroundJobs(
        this IServiceCollection services, DatabaseSettings database, IConfiguration config, bool runServer)
    {
        var poll = TimeSpan.FromMilliseconds(config.GetValue("Workers:PollIntervalMs", 1000));
        services.AddHangfire(h =>
        {
            h.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (database.Provider)
            {
                case DatabaseProvider.Sqlite:
                    h.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Guid });
                    break;
                case DatabaseProvider.Postgres:
                    h.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        QueuePollInterval = poll, // the 15 s default would make every mail wait
                        PrepareSchemaIfNecessary = true,
                    });
                    break;
                case DatabaseProvider.SqlServer:
                    h.UseSqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
                    {
                        SchemaName = "hangfire",
                        QueuePollInterval = poll,
                        PrepareSchemaIfNecessary = true,
                    });
                    break;
            }
        });

        if (runServer)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = config.GetValue("Workers:Count", Math.Min(Environment.ProcessorCount * 5, 20));
                o.SchedulePollingInterval = poll;
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }
}
