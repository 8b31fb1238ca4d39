using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Email;
using Streamline.Core.Hosting;

namespace Streamline.Core.Data;

public enum DatabaseProvider { Sqlite, Postgres, SqlServer }

public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
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
        return new DatabaseSettings(provider, connection);
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
        services.AddMemoryCache();
        services.AddSingleton<ForgetCachedSetupOnSave>();
        services.AddSingleton<Conversations.SalesSetupCache>();
        services.AddSingleton<Widget.WidgetKeyCache>();
        services.AddSingleton<Conversations.ModelCatalogCache>();

        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<StreamlineDbContext, SqliteStreamlineDbContext>((sp, o) =>
                    Configure(sp, o.UseSqlite(settings.ConnectionString)), optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<StreamlineDbContext, PostgresStreamlineDbContext>((sp, o) =>
                    Configure(sp, o.UseNpgsql(PostgresConnection.WithDefaults(settings.ConnectionString))), optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<StreamlineDbContext, SqlServerStreamlineDbContext>((sp, o) =>
                    Configure(sp, o.UseSqlServer(settings.ConnectionString)), optionsLifetime: ServiceLifetime.Singleton);
                break;
        }
        return services;
    }

    /// <summary>
    /// The options are built once, not for every context (every request and job): building them per scope cost more
    /// CPU than the one-statement spend they carried (bench/credits.sh). So the interceptors are singletons too.
    /// </summary>
    private static void Configure(IServiceProvider sp, DbContextOptionsBuilder options)
    {
        options.AddInterceptors(sp.GetRequiredService<EnqueueOutboxAfterCommit>(), sp.GetRequiredService<ForgetCachedSetupOnSave>());
    }
}
