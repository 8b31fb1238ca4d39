using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Streamline.Core.Hosting;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// The address the server listens on, for links when <c>Web:PublicUrl</c> is unset (Development): an http
/// localhost address if there is one, a wildcard binding (0.0.0.0, [::], +, *) read as localhost. Null until
/// the server has started.
/// </summary>
public sealed class ListeningAddress(IServer server) : IListeningAddress
{
    public string? Address => Pick(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    public static string? Pick(IEnumerable<string> addresses)
    {
        var candidates = addresses
            .Select(a => Uri.TryCreate(Readable(a), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Select(uri => (Uri: uri, Localhost: uri.Host == "localhost", Http: uri.Scheme == Uri.UriSchemeHttp, Loopback: uri.IsLoopback))
            .OrderByDescending(c => c.Http && c.Localhost)
            .ThenByDescending(c => c.Http && c.Loopback)
            .ThenByDescending(c => c.Http)
            .ToList();
        return candidates.Count == 0 ? null : candidates[0].Uri.GetLeftPart(UriPartial.Authority) + candidates[0].Uri.AbsolutePath.TrimEnd('/');
    }

    private static string Readable(string address)
    {
        foreach (var wildcard in new[] { "://+:", "://*:", "://0.0.0.0:", "://[::]:" })
            address = address.Replace(wildcard, "://localhost:", StringComparison.Ordinal);
        return address;
    }
}
