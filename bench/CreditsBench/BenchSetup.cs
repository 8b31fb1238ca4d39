using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Bench.Credits;

/// <summary>Migrates the database and creates the funded wallets (and their API keys) the runs spend from.</summary>
public static class BenchSetup
{
    // A billion credits per wallet: no measured run can empty one. An empty wallet answers "insufficient"
    // without writing anything, which would be fast and make the figures meaningless.
    private const long Balance = 1_000_000_000_000;

    public static async Task<int> RunAsync(IServiceProvider services, BenchOptions options)
    {
        var statePath = options.Text("state");
        var keysPath = options.Text("keys");
        var spreadCount = options.Number("wallets", 1000);

        await DatabaseMigrator.MigrateAsync(services);

        var hot = await CreateWorkspacesAsync(services, "Bench hot wallet", 1);
        var spread = await CreateWorkspacesAsync(services, "Bench spread wallet", spreadCount);

        // Funded through the service, like any real balance, so the ledger sums to it and verify can check.
        await InParallelAsync(services, hot.Concat(spread), async (sp, workspaceId, ct) =>
            await sp.GetRequiredService<CreditService>().GrantAsync(workspaceId, Balance, LedgerEntryType.AdminGrant,
                "Benchmark balance", $"bench:setup:{workspaceId}", null, null, ct));

        // One key per spread workspace, as separate apps would hold: the HTTP run picks one at random per request.
        var keys = new string[spread.Count];
        await InParallelAsync(services, Enumerable.Range(0, spread.Count), async (sp, i, ct) =>
            keys[i] = (await sp.GetRequiredService<ApiKeyService>().CreateAsync(spread[i], "Benchmark", [ApiKey.ScopeWrite], null, ct)).Plaintext);

        new BenchState(hot[0], spread).Write(statePath);
        await File.WriteAllLinesAsync(keysPath, keys);
        Console.WriteLine($"setup: 1 hot and {spread.Count} spread wallets funded, {keys.Length} API keys");
        return 0;
    }

    private static async Task<List<Guid>> CreateWorkspacesAsync(IServiceProvider services, string name, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
        var workspaces = Enumerable.Range(1, count)
            .Select(i => new Workspace { Name = count == 1 ? name : $"{name} {i}", CreatedAt = DateTime.UtcNow })
            .ToList();
        db.Workspaces.AddRange(workspaces);
        await db.SaveChangesAsync();
        return workspaces.Select(w => w.Id).ToList();
    }

    // Each call on its own scope (so its own DbContext), as each request would have.
    private static Task InParallelAsync<T>(IServiceProvider services, IEnumerable<T> items, Func<IServiceProvider, T, CancellationToken, Task> call) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            await call(scope.ServiceProvider, item, ct);
        });
}
