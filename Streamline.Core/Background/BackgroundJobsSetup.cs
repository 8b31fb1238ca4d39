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
        // The storage is this app's own singleton, not Hangfire's static JobStorage.Current: several
        // apps in one process (tests, or a host running two) must never pick up each other's jobs.
        services.AddSingleton<JobStorage>(_ => CreateStorage(database, poll));
        // Likewise the activator: Hangfire's default is the static JobActivator.Current, the last app configured.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, h) => h
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));

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

    private static JobStorage CreateStorage(DatabaseSettings database, TimeSpan poll) => database.Provider switch
    {
        DatabaseProvider.Sqlite => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Guid }),
        DatabaseProvider.Postgres => PostgresStorage(database.ConnectionString, poll),
        DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
        {
            SchemaName = "hangfire",
            QueuePollInterval = poll,
            PrepareSchemaIfNecessary = true,
        }),
        _ => throw new NotSupportedException(database.Provider.ToString()),
    };

    private static PostgreSqlStorage PostgresStorage(string connectionString, TimeSpan poll)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            QueuePollInterval = poll, // the 15 s default would make every mail wait
            PrepareSchemaIfNecessary = true,
        };
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
    }
}
