using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Credits;

public abstract class TopBarBalanceTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : StreamlineApp
{
    [Fact]
    public async Task Every_app_page_shows_the_workspace_balance_in_the_top_bar_linking_to_credits()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await GrantAsync(await WorkspaceOfAsync(email), 1_250_000);

        foreach (var url in new[] { "/app", "/campaigns", "/inbox", "/jobs", "/credits", "/workspace" })
        {
            var link = (await client.GetDocumentAsync(url)).QuerySelector(".app-topbar a.topbar-balance");
            Assert.True(link is not null, $"{url} has no balance in its top bar");
            Assert.Equal("1,250 credits", link.TextContent.Trim());
            Assert.Equal("/credits", link.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task An_unchanged_balance_costs_a_page_no_query_and_a_spend_shows_on_the_next_page()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await WorkspaceOfAsync(email);
        await GrantAsync(workspaceId, 100_000);
        await using var db = app.Database.NewContext();
        using var walletReads = new WalletReads(db.Database.GetDbConnection(), workspaceId, app.Provider);
        // EF remembers for a second that nobody listened to its diagnostics (dotnet/efcore#24304).
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // The first page after the grant reads the balance (which shows the counter sees such reads)…
        Assert.Equal("100 credits", await TopBarAsync(client));
        Assert.Equal(1, walletReads.Count);

        // …the next one does not.
        Assert.Equal("100 credits", await TopBarAsync(client));
        Assert.Equal(1, walletReads.Count);

        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().SpendAsync(workspaceId, 500, LedgerEntryType.Consumption,
            "A test spend", $"test:{Guid.NewGuid():N}", null, null));
        Assert.Equal("99.5 credits", await TopBarAsync(client));
    }

    private static async Task<string> TopBarAsync(AppClient client) =>
        (await client.GetDocumentAsync("/app")).QuerySelector(".app-topbar a.topbar-balance")!.TextContent.Trim();

    private Task GrantAsync(Guid workspaceId, long millicredits) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().GrantAsync(workspaceId, millicredits, LedgerEntryType.AdminGrant,
            "A test grant", $"test:{Guid.NewGuid():N}", null, null));

    private async Task<Guid> WorkspaceOfAsync(string email)
    {
        await using var db = app.Database.NewContext();
        return await db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.WorkspaceId, u.Email })
            .Where(x => x.Email == email).Select(x => x.WorkspaceId).FirstAsync();
    }

    /// <summary>
    /// Counts the commands EF sends to this test's database that read the wallets table with this workspace's id,
    /// whichever context sends them; tests of other classes run on other databases at the same time.
    /// </summary>
    private sealed class WalletReads : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly DatabaseProvider _provider;
        private readonly string _database;
        private readonly string _workspaceId;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public WalletReads(System.Data.Common.DbConnection database, Guid workspaceId, DatabaseProvider provider)
        {
            _provider = provider;
            _database = Name(database);
            _workspaceId = workspaceId.ToString();
            lock (_subscriptions) _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData { Command: var command }) return;
            if (command.Connection is not { } connection || Name(connection) != _database) return;
            if (!command.CommandText.Contains("\"Wallets\"", StringComparison.Ordinal)) return;
            if (command.Parameters.Cast<System.Data.Common.DbParameter>()
                .Any(p => string.Equals(p.Value?.ToString(), _workspaceId, StringComparison.OrdinalIgnoreCase)))
                Interlocked.Increment(ref _count);
        }

        // A SQLite database is its file; the PostgreSQL tests each have a database of their own on one server.
        private string Name(System.Data.Common.DbConnection connection) =>
            _provider == DatabaseProvider.Sqlite ? connection.DataSource : connection.Database;

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions)
                foreach (var subscription in _subscriptions) subscription.Dispose();
        }
    }
}

public sealed class TopBarBalanceTestsOnSqlite(SqliteApp app) : TopBarBalanceTests<SqliteApp>(app);

public sealed class TopBarBalanceTestsOnPostgres(PostgresApp app) : TopBarBalanceTests<PostgresApp>(app);
