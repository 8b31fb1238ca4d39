using Microsoft.Extensions.Configuration;

namespace Streamline.Core.Hosting;

/// <summary>Where the app keeps its files: the SQLite database, the mail pickup folder, uploads. Never under wwwroot.</summary>
public sealed class StreamlinePaths
{
    public StreamlinePaths(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public string MailPickupDirectory => Ensure(Path.Combine(DataDirectory, "mail"));

    /// <summary><c>Streamline:DataDirectory</c>, or App_Data beside the content root.</summary>
    public static StreamlinePaths From(IConfiguration config, string contentRoot) =>
        new(config["Streamline:DataDirectory"] is { Length: > 0 } dir
            ? Path.Combine(contentRoot, dir)
            : Path.Combine(contentRoot, "App_Data"));

    private static string Ensure(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }
}
