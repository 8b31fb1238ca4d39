using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;

namespace Streamline.Bench.Credits;

/// <summary>
/// One measurement, a closed loop like pgbench's: C clients, each waiting for its spend before
/// sending the next, for a lead-in (not counted) and then the measured duration.
/// </summary>
public sealed class SpendLoad
{
    private const long Amount = 1_000; // one credit

    private readonly IServiceProvider _services;
    private readonly IReadOnlyList<Guid> _wallets;
    // Keys must be unique across every measurement on the database, not only within this one.
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private volatile bool _measuring;
    private volatile bool _stopping;

    public SpendLoad(IServiceProvider services, IReadOnlyList<Guid> wallets)
    {
        _services = services;
        _wallets = wallets;
    }

    /// <summary>Runs the clients and returns the result line the benchmark script reads.</summary>
    public async Task<string> RunAsync(int clients, TimeSpan leadIn, TimeSpan duration)
    {
        var latencies = Enumerable.Range(0, clients).Select(_ => new List<double>()).ToArray();
        var workers = latencies.Select((measured, client) => Task.Run(() => ClientAsync(client, measured))).ToArray();

        await Task.Delay(leadIn);
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        _measuring = true;
        var window = Stopwatch.StartNew();
        await Task.Delay(duration);
        _measuring = false;
        window.Stop();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        _stopping = true;
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var seconds = window.Elapsed.TotalSeconds;
        // The driver's CPU per spend is what the service costs the machine besides PostgreSQL's own work.
        return string.Create(CultureInfo.InvariantCulture,
            $"spends/s: {all.Length / seconds:F2} ({all.Length} in {seconds:F2} s, {clients} clients, " +
            $"{(_wallets.Count == 1 ? "one hot wallet" : $"spread over {_wallets.Count} wallets")}, " +
            $"latency p50 {Percentile(all, 0.50):F2} ms p99 {Percentile(all, 0.99):F2} ms, " +
            $"driver CPU {(all.Length == 0 ? 0 : cpu.TotalMilliseconds / all.Length):F2} ms per spend)");
    }

    private async Task ClientAsync(int client, List<double> measured)
    {
        for (var i = 0; !_stopping; i++)
        {
            var started = Stopwatch.GetTimestamp();
            // A scope per spend, as each API request has: a fresh DbContext on a pooled connection.
            await using (var scope = _services.CreateAsyncScope())
            {
                var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
                var wallet = _wallets[_wallets.Count == 1 ? 0 : Random.Shared.Next(_wallets.Count)];
                var result = await credits.SpendAsync(wallet, Amount, LedgerEntryType.Consumption, "Benchmark spend",
                    $"bench:{_run}:{client}:{i}", null, null);
                // Only real debits count: a refusal or a repeat writes nothing and would flatter the figure.
                if (!result.Succeeded || result.Duplicate)
                    throw new InvalidOperationException($"spend {client}:{i} on {wallet} was not applied: {result}");
            }
            if (_measuring) measured.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
