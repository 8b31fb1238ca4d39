using Streamline.Core.Hosting;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Where uploaded bytes live: DataDirectory/knowledge/&lt;workspace&gt;/&lt;document&gt;. Paths are made from our
/// own ids only, so a file name can never steer a write (no "../", no wwwroot).
/// </summary>
public sealed class DocumentStorage(StreamlinePaths paths)
{
    public string Root => Path.Combine(paths.DataDirectory, "knowledge");

    public static string KeyFor(Guid workspaceId, Guid documentId) => $"{workspaceId:N}/{documentId:N}";

    public string PathOf(string storageKey)
    {
        var full = Path.GetFullPath(Path.Combine(Root, storageKey));
        if (!full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException("A storage key pointed outside the knowledge folder.");
        return full;
    }

    /// <summary>Writes to a temporary name first: a crash never leaves a half-written file under the real name.</summary>
    public async Task WriteAsync(string storageKey, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var path = PathOf(storageKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".uploading";
        await File.WriteAllBytesAsync(temporary, bytes.ToArray(), ct);
        File.Move(temporary, path, overwrite: true);
    }

    public Task<byte[]> ReadAsync(string storageKey, CancellationToken ct) => File.ReadAllBytesAsync(PathOf(storageKey), ct);

    public Stream OpenRead(string storageKey) => File.OpenRead(PathOf(storageKey));

    public bool Exists(string storageKey) => File.Exists(PathOf(storageKey));

    public void Delete(string storageKey) => File.Delete(PathOf(storageKey));
}
