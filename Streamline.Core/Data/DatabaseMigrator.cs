using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Data;

public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<StreamlineDbContext>(), ct);
    }

    public static async Task MigrateAsync(StreamlineDbContext db, CancellationToken ct = default)
    {
        await RefuseUnknownHistoryAsync(db, ct);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// A database that records migrations this build does not know was made by another line of history
    /// (the migrations were squashed before the first release); migrating it would fail half-way on
    /// tables that already exist, so say what to do instead.
    /// </summary>
    private static async Task RefuseUnknownHistoryAsync(StreamlineDbContext db, CancellationToken ct)
    {
        var known = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToHashSet();
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(id => !known.Contains(id)).ToList();
        if (unknown.Count == 0) return;
        throw new InvalidOperationException(
            $"The database records {unknown.Count} migration(s) this build does not have (first: {unknown[0]}). " +
            "It was made by an earlier development build; delete it (the SQLite file under App_Data) or point " +
            "ConnectionStrings:Streamline at a new database, and start again.");
    }
}
