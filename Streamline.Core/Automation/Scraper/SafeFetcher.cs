using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Streamline.Core.Automation.Scraper;

public sealed record FetchedPage(Uri Url, int Status, string? MediaType, byte[] Body);

/// <summary>A page the scraper would not or could not fetch, with the reason in words for the customer.</summary>
public sealed class FetchRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Thrown from the connect callback: the host resolved only to addresses the scraper may not reach.</summary>
internal sealed class BlockedAddressException(string host) : IOException($"{host} resolves to a private, loopback or link-local address.");

/// <summary>
/// Fetches pages for the scraper without letting a customer's URL reach inside our network. The address check is
/// made in the connect callback on the addresses the host resolves to at connect time, so it covers every hop of a
/// redirect and a name that resolves differently from one look-up to the next. No proxy (it would connect instead
/// of us), no cookies, http and https only, and limits on size, time and redirects.
/// </summary>
public sealed class SafeFetcher : IDisposable
{
    private readonly ScraperOptions _options;
    private readonly HashSet<string> _allowedHosts;
    private readonly HttpClient _http;

    public SafeFetcher(IOptions<ScraperOptions> options)
    {
        _options = options.Value;
        _allowedHosts = new HashSet<string>(_options.AllowedHosts.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
    }

    public ScraperOptions Options => _options;

    public static bool IsFetchable(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>The page at <paramref name="url"/> after redirects; any status, so robots.txt can tell a 404 from a 500.</summary>
    public async Task<FetchedPage> FetchAsync(Uri url, CancellationToken ct)
    {
        using var time = CancellationTokenSource.CreateLinkedTokenSource(ct);
        time.CancelAfter(_options.Timeout);
        try
        {
            for (var hop = 0; hop <= _options.MaxRedirects; hop++)
            {
                if (!IsFetchable(url)) throw new FetchRefusedException($"{url} is not an http or https address.");
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, time.Token);
                if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    url = new Uri(url, location);
                    continue;
                }
                if (response.Content.Headers.ContentLength > _options.MaxPageBytes) throw TooLarge(url);
                var body = await ReadBoundedAsync(response.Content, url, time.Token);
                return new FetchedPage(url, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            }
            throw new FetchRefusedException($"{url} redirected more than {_options.MaxRedirects} times.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FetchRefusedException($"{url} took longer than {_options.Timeout.TotalSeconds:0.#} seconds.");
        }
        catch (HttpRequestException e) when (Blocked(e) is { } blocked)
        {
            throw new FetchRefusedException($"{url.Host} is not a public address: {blocked.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new FetchRefusedException($"{url} could not be fetched: {e.Message}", e);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, Uri url, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > _options.MaxPageBytes) throw TooLarge(url);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private FetchRefusedException TooLarge(Uri url) =>
        new($"{url} is larger than the limit of {Formatting.FileSize.Format(_options.MaxPageBytes)}.");

    private static BlockedAddressException? Blocked(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is BlockedAddressException blocked) return blocked;
        return null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = _allowedHosts.Contains(host);
        var usable = addresses.Where(a => allowed || AddressPolicy.IsPublic(a)).ToArray();
        if (usable.Length == 0) throw new BlockedAddressException(host);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}
