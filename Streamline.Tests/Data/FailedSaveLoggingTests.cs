using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streamline.Core.Billing;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Data;

/// <summary>
/// The app decides races with unique indexes and handles the failed save; EF must not log each of those as an error
/// with a stack trace. The caller still gets the exception, and whoever does not handle it logs it.
/// </summary>
public abstract class FailedSaveLoggingTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task A_save_refused_by_a_unique_key_throws_to_its_caller_and_logs_no_error()
    {
        var id = $"evt_duplicate_{Guid.NewGuid():N}";
        await SaveEventAsync(id);
        var before = DatabaseErrors();

        await Assert.ThrowsAsync<DbUpdateException>(() => SaveEventAsync(id));

        Assert.Equal(before, DatabaseErrors());
    }

    private List<TestLogEntry> DatabaseErrors() =>
        [.. app.Logs.From("Microsoft.EntityFrameworkCore").Where(e => e.Level >= LogLevel.Error)];

    /// <summary>Through the app's own context; stored as already applied, so no background job picks it up.</summary>
    private Task SaveEventAsync(string id) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<StreamlineDbContext>();
        db.StripeEvents.Add(new StripeEventRecord
        {
            Id = id, Type = "test.duplicate", Payload = "{}", StripeCreatedAt = DateTime.UtcNow, ReceivedAt = DateTime.UtcNow,
            ProcessedAt = DateTime.UtcNow, Outcome = "test",
        });
        return await db.SaveChangesAsync();
    });
}

[Collection(SharedApps.Sqlite1)]
public sealed class FailedSaveLoggingTestsOnSqlite(SqliteApp app) : FailedSaveLoggingTests<SqliteApp>(app);

[Collection(SharedApps.Postgres1)]
public sealed class FailedSaveLoggingTestsOnPostgres(PostgresApp app) : FailedSaveLoggingTests<PostgresApp>(app);
