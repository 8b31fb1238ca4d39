using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Data;

/// <summary>One per provider: the model and the migrations must never drift apart (scripts/add-migration.sh keeps them in step).</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_SQLite_migrations_match_the_model()
    {
        using var db = new SqliteStreamlineDbContext(new DbContextOptionsBuilder<SqliteStreamlineDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void The_PostgreSQL_migrations_match_the_model()
    {
        using var db = new PostgresStreamlineDbContext(new DbContextOptionsBuilder<PostgresStreamlineDbContext>().UseNpgsql("Host=unused").Options);
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void The_SQL_Server_migrations_match_the_model()
    {
        using var db = SqlServer();
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void The_SQL_Server_migration_script_generates_without_a_server()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [AspNetUsers]", script);
        Assert.Contains("CREATE TABLE [EmailMessages]", script);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script);
        Assert.Contains("__EFMigrationsHistory", script);
        Assert.Contains("CREATE TRIGGER [ledger_entries_append_only]", script);
    }

    [Fact]
    public async Task The_PostgreSQL_migrations_apply_to_a_real_server_and_leave_nothing_pending()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, Path.GetTempPath());
        await using var db = database.NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task A_database_from_an_earlier_migration_history_is_refused_before_anything_is_changed()
    {
        var dir = TestEnvironment.NewTempDirectory("streamline-migrations");
        await using var db = new SqliteStreamlineDbContext(
            new DbContextOptionsBuilder<SqliteStreamlineDbContext>().UseSqlite($"Data Source={Path.Combine(dir, "old.db")}").Options);
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE \"__EFMigrationsHistory\" (\"MigrationId\" TEXT PRIMARY KEY, \"ProductVersion\" TEXT NOT NULL);" +
            "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261123112135_AddCreditsWalletAndLedger', '10.0.0');");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseMigrator.MigrateAsync(db));

        Assert.Contains("20261123112135_AddCreditsWalletAndLedger", error.Message);
        Assert.Contains("delete it", error.Message);
        Assert.Single(await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync());
    }

    [Fact]
    public void An_unknown_provider_stops_startup_with_a_clear_message()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() =>
            DatabaseSettings.From(config, new Streamline.Core.Hosting.StreamlinePaths(Path.GetTempPath())));
        Assert.Contains("Unknown Database:Provider 'Oracle'", error.Message);
    }

    private static SqlServerStreamlineDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerStreamlineDbContext>().UseSqlServer("Server=unused;Database=unused;TrustServerCertificate=True").Options);
}
