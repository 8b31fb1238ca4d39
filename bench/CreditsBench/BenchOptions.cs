namespace Streamline.Bench.Credits;

/// <summary><c>--name value</c> pairs from the command line.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchOptions(Dictionary<string, string> values) => _values = values;

    public static BenchOptions Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !e.MoveNext())
                throw new UsageException($"expected --name value, got '{name}'");
            values[name[2..]] = e.Current;
        }
        return new BenchOptions(values);
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new UsageException($"--{name} is required");

    public int Number(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var raw)) return fallback;
        return int.TryParse(raw, out var value) && value > 0 ? value : throw new UsageException($"--{name} must be a positive whole number");
    }
}

/// <summary>A wrong command line or stdin request: reported with the usage text, not as a crash.</summary>
public sealed class UsageException(string message) : Exception(message);
