using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Streamline.Core.Hosting;

/// <summary>Where a host listens, once it knows: the web app's server addresses. A host without a server has none.</summary>
public interface IListeningAddress
{
    string? Address { get; }
}

/// <summary>
/// The address people reach the app at (<c>Web:PublicUrl</c>). Links made without a request to take the
/// host from start with it: mail composed by background jobs, links the AI writes into a chat. Left unset
/// in Development, it is the address the app listens on, so a laptop on another port still gets working links.
/// </summary>
public sealed class PublicUrl(string? configured, IListeningAddress? listening = null)
{
    public const string Key = "Web:PublicUrl";

    /// <summary>For a Development host that has no server of its own to ask (the worker host), or asks before it listens.</summary>
    public const string DevelopmentDefault = "http://localhost:5000";

    public bool IsConfigured => configured is not null;

    /// <summary>Scheme, host, port and any base path, without a trailing slash.</summary>
    public string Base => configured ?? listening?.Address ?? DevelopmentDefault;

    /// <summary>An absolute link to a path of the app, e.g. <c>Link("/credits")</c>.</summary>
    public string Link(string path) => Base + path;

    /// <summary>
    /// The configured address, checked, without a trailing slash; null when unset in Development. Outside
    /// Development an unset address is refused at startup: every mail a job sends would link to a wrong host.
    /// </summary>
    public static string? Read(IConfiguration config, IHostEnvironment env)
    {
        var value = config[Key]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (env.IsDevelopment()) return null;
            throw new InvalidOperationException(
                $"{Key} is not set. Set it to the address people reach Streamline at, e.g. https://app.example.com " +
                "(environment variable Web__PublicUrl): links in mail sent by background jobs and in AI chat replies start with it.");
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new InvalidOperationException(
                $"{Key} must be an absolute http or https address without a query, e.g. https://app.example.com; it is '{value}'.");
        return value.TrimEnd('/');
    }
}
