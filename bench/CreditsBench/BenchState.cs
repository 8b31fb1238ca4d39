namespace Streamline.Bench.Credits;

/// <summary>
/// The workspaces setup created, in a text file (<c>hot ID</c> once, <c>spread ID</c> per line) so
/// every later step of the same run spends from the same wallets.
/// </summary>
public sealed record BenchState(Guid Hot, IReadOnlyList<Guid> Spread)
{
    public void Write(string path) =>
        File.WriteAllLines(path, Spread.Select(id => $"spread {id}").Prepend($"hot {Hot}"));

    public static BenchState Read(string path)
    {
        Guid? hot = null;
        var spread = new List<Guid>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', 2);
            if (parts is ["hot", var h]) hot = Guid.Parse(h);
            else if (parts is ["spread", var s]) spread.Add(Guid.Parse(s));
        }
        if (hot is null || spread.Count == 0) throw new UsageException($"{path} is not a state file written by setup");
        return new BenchState(hot.Value, spread);
    }
}
