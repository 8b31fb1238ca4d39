using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Streamline.Tests.Support.LongCollectionsFirst", "Streamline.Tests")]

namespace Streamline.Tests.Support;

/// <summary>
/// Test classes that need nothing but the app on a fresh database share one per collection: a class fixture would start
/// a host and migrate a database for every class. Classes in one collection run one after another, so each database
/// has several collections to keep the cores busy. A class joins one only if its tests create their own users,
/// e-mails and workspaces and change nothing the whole app shares (the model catalog, packages, the clock); a class
/// that does keeps its own fixture.
/// </summary>
public static class SharedApps
{
    public const string Sqlite1 = "Shared SQLite app 1";
    public const string Sqlite2 = "Shared SQLite app 2";
    public const string Sqlite3 = "Shared SQLite app 3";
    public const string Postgres1 = "Shared PostgreSQL app 1";
    public const string Postgres2 = "Shared PostgreSQL app 2";
    public const string Postgres3 = "Shared PostgreSQL app 3";

    /// <summary>With a SuperAdmin from configuration (<see cref="Admin.AdminApp"/>), for the pages of the back office.</summary>
    public const string SqliteAdmin1 = "Shared SQLite admin app 1";
    public const string SqliteAdmin2 = "Shared SQLite admin app 2";
    public const string PostgresAdmin1 = "Shared PostgreSQL admin app 1";
}

[CollectionDefinition(SharedApps.Sqlite1)]
public sealed class SharedSqliteApp1 : ICollectionFixture<SqliteApp>;

[CollectionDefinition(SharedApps.Sqlite2)]
public sealed class SharedSqliteApp2 : ICollectionFixture<SqliteApp>;

[CollectionDefinition(SharedApps.Sqlite3)]
public sealed class SharedSqliteApp3 : ICollectionFixture<SqliteApp>;

[CollectionDefinition(SharedApps.Postgres1)]
public sealed class SharedPostgresApp1 : ICollectionFixture<PostgresApp>;

[CollectionDefinition(SharedApps.Postgres2)]
public sealed class SharedPostgresApp2 : ICollectionFixture<PostgresApp>;

[CollectionDefinition(SharedApps.Postgres3)]
public sealed class SharedPostgresApp3 : ICollectionFixture<PostgresApp>;

[CollectionDefinition(SharedApps.SqliteAdmin1)]
public sealed class SharedSqliteAdminApp1 : ICollectionFixture<Admin.AdminApp>;

[CollectionDefinition(SharedApps.SqliteAdmin2)]
public sealed class SharedSqliteAdminApp2 : ICollectionFixture<Admin.AdminApp>;

[CollectionDefinition(SharedApps.PostgresAdmin1)]
public sealed class SharedPostgresAdminApp1 : ICollectionFixture<Admin.PostgresAdminApp>;

/// <summary>
/// Starts the long collections (the shared apps, then the browser and scale-out classes) before the many short ones, so
/// the short ones fill the gaps at the end instead of a long one starting last and running alone.
/// </summary>
public sealed class LongCollectionsFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Rank(c.DisplayName)).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static int Rank(string name) =>
        name.StartsWith("Shared ", StringComparison.Ordinal) ? 0
        : name.Contains(".Browser.", StringComparison.Ordinal) || name.Contains("BrowserTests", StringComparison.Ordinal)
          || name.Contains(".ScaleOut.", StringComparison.Ordinal) ? 1
        : 2;
}
