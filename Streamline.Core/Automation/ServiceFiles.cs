using System.Text.RegularExpressions;
using Streamline.Core.Hosting;

namespace Streamline.Core.Automation;

/// <summary>
/// A run's output files: DataDirectory/services/&lt;workspace&gt;/&lt;run&gt;/&lt;name&gt;, outside wwwroot, so
/// the only way to one is the run's page, which checks the workspace. Names are the service's own, checked here.
/// </summary>
public sealed partial class ServiceFiles(StreamlinePaths paths)
{
    public string Root => Path.Combine(paths.DataDirectory, "services");

    public static bool IsValidName(string name) => SafeName().IsMatch(name);

    public string PathOf(Guid workspaceId, Guid runId, string name)
    {
        if (!IsValidName(name)) throw new ArgumentException($"'{name}' is not a file name a service may use.", nameof(name));
        return Path.Combine(Root, workspaceId.ToString("N"), runId.ToString("N"), name);
    }

    /// <summary>Writes to a temporary name first, so a crash never leaves half a file under the real name.</summary>
    public async Task WriteAsync(Guid workspaceId, Guid runId, string name, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var path = PathOf(workspaceId, runId, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path + ".writing", bytes.ToArray(), ct);
        File.Move(path + ".writing", path, overwrite: true);
    }

    public Stream? OpenRead(Guid workspaceId, Guid runId, string name)
    {
        if (!IsValidName(name)) return null;
        var path = PathOf(workspaceId, runId, name);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    public void DeleteAll(Guid workspaceId, Guid runId)
    {
        var folder = Path.Combine(Root, workspaceId.ToString("N"), runId.ToString("N"));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".zip" => "application/zip",
        ".html" => "text/html",
        _ => "application/octet-stream",
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,60}\\.[a-z0-9]{1,8}$")]
    private static partial Regex SafeName();
}
