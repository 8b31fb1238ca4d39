using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Streamline.Core.Data;

namespace Streamline.Tests.Support;

/// <summary>A fresh, migrated database for one fixture: a SQLite file or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresName = postgresName;
    }

    private readonly string? _postgresName;
    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string dataDirectory)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var db = new TestDatabase(provider, $"Data Source={Path.Combine(dataDirectory, "test.db")}", null);
            await using var context = db.NewContext();
            await context.Database.MigrateAsync();
            return db;
        }

        var name = $"sl_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Database = name, MaxPoolSize = 40 };
        var pg = new TestDatabase(provider, builder.ConnectionString, name);
        await using (var context = pg.NewContext())
            await context.Database.MigrateAsync();
        return pg;
    }

    private readonly List<IServiceProvider> _apps = [];

    /// <summary>
    /// Edits saved through <see cref="NewContext"/> forget what <paramref name="app"/> caches about a workspace's setup,
    /// as the app's own edits do: arranging a campaign in a test stands for an owner saving it in the app.
    /// </summary>
    public void ServeCachesOf(IServiceProvider app)
    {
        lock (_apps) _apps.Add(app);
    }

    public void StopServingCachesOf(IServiceProvider app)
    {
        lock (_apps) _apps.Remove(app);
    }

    /// <summary>A context with no workspace scope and no outbox hook: for arranging and asserting.</summary>
    public StreamlineDbContext NewContext()
    {
        IInterceptor[] forget;
        lock (_apps)
            forget = [.. _apps.Select(app => app.GetRequiredService<ForgetCachedSetupOnSave>())];
        return Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteStreamlineDbContext(
                new DbContextOptionsBuilder<SqliteStreamlineDbContext>().UseSqlite(ConnectionString).AddInterceptors(forget).Options),
            DatabaseProvider.Postgres => new PostgresStreamlineDbContext(
                new DbContextOptionsBuilder<PostgresStreamlineDbContext>().UseNpgsql(ConnectionString).AddInterceptors(forget).Options),
            _ => throw new NotSupportedException(Provider.ToString()),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
