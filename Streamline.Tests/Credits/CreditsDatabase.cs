using Streamline.Core.Credits;
using Streamline.Core.Credits.LedgerWriting;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Credits;

/// <summary>
/// A migrated database of one provider for the credit tests; no web app is needed. On PostgreSQL the ledger's writes
/// take the one-statement path unless <paramref name="fastPaths"/> is false, as <c>Database:PostgresFastPaths</c> chooses in the app.
/// </summary>
public abstract class CreditsDatabase(DatabaseProvider provider, bool fastPaths = true) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public DatabaseProvider Provider => provider;

    public async Task InitializeAsync() =>
        Database = await TestDatabase.CreateAsync(provider, TestEnvironment.NewTempDirectory("streamline-credits"));

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>A service on its own context, as each request or job would have.</summary>
    public (CreditService Credits, StreamlineDbContext Db) NewService()
    {
        var db = Database.NewContext();
        ILedgerWriting writing = provider == DatabaseProvider.Postgres && fastPaths ? new PostgresLedgerWriting(db) : PortableLedgerWriting.Instance;
        return (new CreditService(db, TimeProvider.System, new EmailOutbox(db, Templates, TimeProvider.System), links: Links, writing: writing), db);
    }

    /// <summary>The nightly reconciliation job on its own context.</summary>
    public (ReconcileWallets Job, StreamlineDbContext Db) NewReconciliation()
    {
        var (credits, db) = NewService();
        return (new ReconcileWallets(credits, db, new EmailOutbox(db, Templates, TimeProvider.System)), db);
    }

    private static readonly EmailTemplates Templates = new();

    /// <summary>Where links in the mails these services write point, as Web:PublicUrl says in the app.</summary>
    public static readonly PublicUrl Links = new("https://app.example");

    /// <summary>
    /// Starts every call at once. PostgreSQL callers are gated below the test pool's 40 connections
    /// so waiting for a pooled connection never times out; SQLite has no pool limit to respect.
    /// </summary>
    public async Task<T[]> ConcurrentlyAsync<T>(int count, Func<int, Task<T>> call)
    {
        using var gate = new SemaphoreSlim(provider == DatabaseProvider.Postgres ? 32 : count);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try { return await call(i); }
            finally { gate.Release(); }
        })));
    }

    public async Task<Guid> NewWorkspaceAsync()
    {
        await using var db = Database.NewContext();
        var workspace = new Workspace { Name = "Credits test", CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }
}

public sealed class SqliteCreditsDatabase() : CreditsDatabase(DatabaseProvider.Sqlite);

public sealed class PostgresCreditsDatabase() : CreditsDatabase(DatabaseProvider.Postgres);

/// <summary>PostgreSQL with <c>Database:PostgresFastPaths</c> false: every ledger write through the EF Core transaction.</summary>
public sealed class PortablePostgresCreditsDatabase() : CreditsDatabase(DatabaseProvider.Postgres, fastPaths: false);
