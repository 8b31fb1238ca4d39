using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Bench.Credits;

/// <summary>After the runs: fast numbers only count if every wallet still equals the sum of its ledger.</summary>
public static class LedgerCheck
{
    public static async Task<int> RunAsync(IServiceProvider services, BenchOptions options)
    {
        var state = BenchState.Read(options.Text("state"));
        await using var scope = services.CreateAsyncScope();
        var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
        var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();

        var discrepancies = await credits.ReconcileAsync();
        var spends = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace)
            .CountAsync(e => e.Type == LedgerEntryType.Consumption);
        var wallets = state.Spread.Count + 1;
        if (discrepancies.Count > 0)
        {
            Console.WriteLine($"verify: {discrepancies.Count} of {wallets} wallets differ from the sum of their ledger");
            return 1;
        }
        Console.WriteLine($"verify: {spends:N0} spends in the ledger; all {wallets:N0} wallets equal the sum of their ledger");
        return 0;
    }
}
