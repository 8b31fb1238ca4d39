using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Email;
using Streamline.Core.Hosting;

namespace Streamline.Core.Data;

public enum DatabaseProvider { Sqlite, Postgres, SqlServer }

/// <summary>
/// <paramref name="PostgresFastPaths"/>: on PostgreSQL, take the one-batch writes beside the portable EF Core ones
/// (<c>Database:PostgresFastPaths</c>, true unless set to false; the benchmarks turn it off to compare);
/// <paramref name="PostgresChatBatches"/> the same for the chat's batches alone (<c>Database:PostgresChatBatches</c>).
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool PostgresFastPaths = true, bool PostgresChatBatches = true)
{
    public bool IsEmbedded => Provider == DatabaseProvider.Sqlite;

    /// <summary>Reads <c>Database:Provider</c> and <c>ConnectionStrings:Streamline</c>; a wrong value stops startup.</summary>
    public static DatabaseSettings From(IConfiguration config, StreamlinePaths paths)
    {
        var raw = config["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(raw) ? DatabaseProvider.Sqlite : Parse(raw);
        var connection = config.GetConnectionString("Streamline");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider != DatabaseProvider.Sqlite)
                throw new InvalidOperationException(
                    $"Database:Provider is {provider} but ConnectionStrings:Streamline is empty. Set it to the server's connection string.");
            connection = $"Data Source={Path.Combine(paths.DataDirectory, "streamline.db")}";
        }
        return new DatabaseSettings(provider, connection, config.GetValue("Database:PostgresFastPaths", true),
            config.GetValue("Database:PostgresChatBatches", true));
    }

    private static DatabaseProvider Parse(string raw) => raw.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
        _ => throw new InvalidOperationException(
            $"Unknown Database:Provider '{raw}'. Use one of: Sqlite (embedded default), Postgres, SqlServer."),
    };
}

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>Registers the provider's derived context as <see cref="StreamlineDbContext"/>.</summary>
    public static IServiceCollection AddStreamlineDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddScoped<WorkspaceScope>();
        services.AddScoped<IWorkspaceScope>(sp => sp.GetRequiredService<WorkspaceScope>());
        services.AddSingleton<EnqueueOutboxAfterCommit>();
        services.AddSingleton<Channels.QueueChannelSendsAfterCommit>();
        services.AddMemoryCache();
        services.AddSingleton<ForgetCachedSetupOnSave>();

        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                AddPooled<SqliteStreamlineDbContext>(services, (sp, o) => Configure(sp, o.UseSqlite(settings.ConnectionString)));
                break;
            case DatabaseProvider.Postgres:
                AddPooled<PostgresStreamlineDbContext>(services, (sp, o) =>
                    Configure(sp, o.UseNpgsql(PostgresConnection.WithDefaults(settings.ConnectionString))));
                break;
            case DatabaseProvider.SqlServer:
                AddPooled<SqlServerStreamlineDbContext>(services, (sp, o) => Configure(sp, o.UseSqlServer(settings.ConnectionString)));
                break;
        }
        return services;
    }

    /// <summary>
    /// The scope's <see cref="StreamlineDbContext"/> comes from a pool: a new context sets up its internal services (a
    /// scope of EF's own, a few hundred objects) on first use, which under the chat bench was about a tenth of what the
    /// app allocated and several per cent of its CPU, on every request and every AI turn. A pooled instance keeps them;
    /// EF resets its tracking and connection state when it goes back, and <see cref="StreamlineDbContext.Rent"/> gives it
    /// the new scope's workspace. Disposing the scope returns it.
    /// </summary>
    private static void AddPooled<TContext>(IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : StreamlineDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddScoped<StreamlineDbContext>(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            context.Rent(sp.GetRequiredService<IWorkspaceScope>());
            return context;
        });
    }

    /// <summary>
    /// The options are built once, not for every context (every request and job): building them per scope cost more
    /// CPU than the one-statement spend they carried (bench/credits.sh). So the interceptors are singletons too.
    /// </summary>
    private static void Configure(IServiceProvider sp, DbContextOptionsBuilder options)
    {
        options.AddInterceptors(sp.GetRequiredService<EnqueueOutboxAfterCommit>(), sp.GetRequiredService<Channels.QueueChannelSendsAfterCommit>(),
            sp.GetRequiredService<ForgetCachedSetupOnSave>());
        options.ConfigureWarnings(w => w.Log(FailedSaveLevels));
    }

    /// <summary>
    /// A failed save or command is an error only when nobody handles it. The unique indexes and version checks that
    /// decide races (a redelivered webhook, two first visits, the same idempotency key) fail saves on purpose and the
    /// code that made them expects it; a failure nobody expects, a query's included, propagates and is logged by
    /// whoever ends up with it (the request's exception handler, Hangfire, the reply relay) with the same exception.
    /// </summary>
    private static readonly (EventId, LogLevel)[] FailedSaveLevels =
    [
        (CoreEventId.SaveChangesFailed, LogLevel.Debug),
        (RelationalEventId.CommandError, LogLevel.Debug),
    ];
}
