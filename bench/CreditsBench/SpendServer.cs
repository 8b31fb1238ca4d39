using System.Globalization;

namespace Streamline.Bench.Credits;

/// <summary>
/// Stays up for the whole benchmark and measures on request, one line per measurement on stdin:
/// <c>spread|hot LEAD_IN_SECONDS DURATION_SECONDS</c>, answered by one result line on stdout.
/// One long-lived process, like the web app: JIT tiering and the connection pool warm up once
/// instead of again for every measurement, which on a busy machine takes far longer than a few seconds.
/// </summary>
public static class SpendServer
{
    public static async Task<int> RunAsync(IServiceProvider services, BenchOptions options)
    {
        var state = BenchState.Read(options.Text("state"));
        var clients = options.Number("clients", 8);

        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            if (parts.Length != 3 || !TrySeconds(parts[1], out var leadIn) || !TrySeconds(parts[2], out var duration))
                throw new UsageException($"expected 'spread|hot LEAD_IN DURATION', got '{line}'");
            IReadOnlyList<Guid> wallets = parts[0] switch
            {
                "spread" => state.Spread,
                "hot" => [state.Hot],
                var other => throw new UsageException($"wallets must be spread or hot, not '{other}'"),
            };
            Console.WriteLine(await new SpendLoad(services, wallets).RunAsync(clients, leadIn, duration));
        }
        return 0;
    }

    private static bool TrySeconds(string raw, out TimeSpan value)
    {
        var ok = double.TryParse(raw, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0;
        value = ok ? TimeSpan.FromSeconds(seconds) : default;
        return ok;
    }
}
