using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;

namespace Streamline.Core.Hosting;

/// <summary>What whoever runs a host should know about its configuration, logged once as it starts.</summary>
public static class StartupNotices
{
    public const string Category = "Streamline.Startup";

    public const string SqlServerUntested = "SQL Server: migrations are generated and compile, but no test runs against SQL Server";

    /// <summary><paramref name="hasServer"/>: the host listens itself, so an unset public URL falls back to its own address.</summary>
    public static IEnumerable<string> For(DatabaseSettings database, PublicUrl publicUrl, bool hasServer)
    {
        if (database.Provider == DatabaseProvider.SqlServer) yield return SqlServerUntested;
        if (!hasServer && !publicUrl.IsConfigured)
            yield return $"{PublicUrl.Key} is not set: links in mail sent by this host point to {PublicUrl.DevelopmentDefault}. " +
                         "Set Web__PublicUrl to the web app's address.";
    }

    /// <summary>Logs each notice once; <paramref name="hostNotices"/> are the host's own (null: nothing to say).</summary>
    public static void Log(IServiceProvider services, DatabaseSettings database, bool hasServer, params string?[] hostNotices)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        foreach (var notice in For(database, services.GetRequiredService<PublicUrl>(), hasServer).Concat(hostNotices.OfType<string>()))
            log.LogWarning("{Notice}", notice);
    }
}
