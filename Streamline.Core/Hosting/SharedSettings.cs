using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Streamline.Core.Hosting;

public static class SharedSettings
{
    /// <summary>
    /// appsettings.Development.json lives at the repository root, shared by Web and Workers. It is
    /// read from there (or from beside the binary, where the build copies it) in place of the
    /// per-project file, so environment variables and the command line still override it.
    /// </summary>
    public static void UseRootEnvironmentFile(this IConfigurationBuilder config, IHostEnvironment env)
    {
        var fileName = $"appsettings.{env.EnvironmentName}.json";
        var directory = new[] { env.ContentRootPath, Path.Combine(env.ContentRootPath, ".."), AppContext.BaseDirectory }
            .Select(Path.GetFullPath)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, fileName)));
        if (directory is null) return;

        var sources = (IList<IConfigurationSource>)config.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource j && j.Path == fileName);
        var source = new JsonConfigurationSource
        {
            Path = fileName,
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(directory),
        };
        if (index >= 0) sources[index] = source;
        else sources.Insert(Math.Min(2, sources.Count), source);
    }
}
