using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Data;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;
using Xunit.Abstractions;

namespace Streamline.Tests.Fuzz;

/// <summary>
/// Crawls the app as an anonymous visitor, a customer and an admin, and sends every page, form, htmx endpoint and API
/// route a fixed corpus of bad values (<see cref="BadValues"/>). Any 5xx fails the test; the output counts what was
/// covered. The app is its own: the admin's posts may change app-wide settings.
/// </summary>
public abstract class FuzzTests<TApp>(TApp app, ITestOutputHelper output) where TApp : AdminApp
{
    private const int MaxPagesPerUser = 70;
    private readonly List<string> _failures = [];
    private readonly HashSet<string> _routes = [];
    private readonly SortedDictionary<int, int> _statuses = [];
    private int _requests;

    [Fact]
    public async Task No_page_form_or_api_route_answers_a_bad_value_with_a_5xx()
    {
        var started = DateTime.UtcNow;
        using var anonymous = app.NewClient();
        await FuzzUserAsync("anonymous", anonymous, "/", "/Identity/Account/Login", "/Identity/Account/Register",
            "/Identity/Account/ForgotPassword", "/Identity/Account/ResendEmailConfirmation");
        var (customer, _) = await AppClient.SignedInUserAsync(app);
        using (customer)
        {
            var key = await CreateApiKeyAsync(customer);
            await FuzzUserAsync("customer", customer, "/app", "/Identity/Account/Manage");
            await FuzzApiAsync(key);
        }
        using var admin = await app.SuperAdminAsync();
        await FuzzUserAsync("admin", admin, "/admin", "/app");

        output.WriteLine($"fuzz ({app.Provider}): {_routes.Count} routes, {_requests} requests with bad values, " +
            $"{BadValues.Text.Length} text values, {BadValues.Json.Length} JSON bodies, {BadValues.WrongTypes.Length} wrong content types, " +
            $"{BadValues.OddMethods.Length} odd methods; {(DateTime.UtcNow - started).TotalSeconds:0} s");
        output.WriteLine("statuses: " + string.Join(", ", _statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(_failures.Count == 0, $"{_failures.Count} requests got a 5xx:\n{string.Join("\n", _failures.Take(40))}");
    }

    private async Task FuzzUserAsync(string user, AppClient client, params string[] starts)
    {
        var crawler = new Crawler(client, MaxPagesPerUser);
        await crawler.CrawlAsync(starts);
        foreach (var (url, status) in crawler.Pages)
        {
            _routes.Add($"GET {Crawler.Shape(url)}");
            Check(user, "GET", url, "as linked", status);
        }
        foreach (var url in crawler.HtmxGets) await SendAsync(user, client, HttpMethod.Get, url, "htmx", null, htmx: true);
        foreach (var url in crawler.Pages.Select(p => p.Url).Concat(crawler.HtmxGets).DistinctBy(Crawler.Shape))
            await FuzzQueryAsync(user, client, url);
        foreach (var form in crawler.Forms.Values) await FuzzFormAsync(user, client, form);
        foreach (var url in crawler.Pages.Select(p => p.Url).DistinctBy(Crawler.Shape))
            foreach (var method in BadValues.OddMethods)
                await SendAsync(user, client, new HttpMethod(method), url, "odd method", null);
        output.WriteLine($"{user}: {crawler.Pages.Count} pages, {crawler.Forms.Count} forms, {crawler.HtmxGets.Count} htmx GETs");
    }

    /// <summary>Each query value, and a made-up id in each id segment, replaced by the bad values.</summary>
    private async Task FuzzQueryAsync(string user, AppClient client, string url)
    {
        var uri = new Uri(new Uri("https://localhost"), url);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var names = query.AllKeys.Where(k => k is not null && k != "handler").ToList();
        var segments = uri.AbsolutePath.Split('/');
        var ids = Enumerable.Range(0, segments.Length).Where(i => Guid.TryParse(segments[i], out _) || long.TryParse(segments[i], out _)).ToList();
        if (names.Count == 0 && ids.Count == 0) return;
        foreach (var (label, value) in BadValues.Text.Where(v => v.Value.Length < 1_000))
        {
            // The test server refuses a control character in the path before the app sees it (Kestrel answers 400).
            var segment = value.Any(char.IsControl) ? "not-an-id" : Uri.EscapeDataString(value);
            var path = string.Join('/', segments.Select((s, i) => ids.Contains(i) ? segment : s));
            var q = System.Web.HttpUtility.ParseQueryString(uri.Query);
            foreach (var name in names) q[name] = value;
            await SendAsync(user, client, HttpMethod.Get, $"{path}?{q}", $"query {label}", null);
        }
    }

    private async Task FuzzFormAsync(string user, AppClient client, FoundForm form)
    {
        _routes.Add($"POST {Crawler.Shape(form.Target)}");
        var token = await TokenAsync(client, form.Page);
        var index = 0;
        foreach (var (label, value) in BadValues.Text)
        {
            // Every other value goes into the hidden fields too (versions, ids); the rest keep them, so validation of
            // the visible fields is reached.
            var intoHidden = index++ % 2 == 0;
            var fields = form.Fields
                .Where(f => f.Name != "__RequestVerificationToken")
                .Select(f => (f.Name, f.Type, Value: f.Type == "hidden" && !intoHidden ? f.Value : value)).ToList();
            HttpContent content = form.Multipart ? Multipart(fields, value) : new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
            await SendAsync(user, client, HttpMethod.Post, form.Target, label, content, token, htmx: index % 3 == 0);
        }
        foreach (var (label, type, body) in BadValues.WrongTypes)
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            await SendAsync(user, client, HttpMethod.Post, form.Target, label, content, token);
        }
        foreach (var method in BadValues.OddMethods)
            await SendAsync(user, client, new HttpMethod(method), form.Target, "odd method", null, token);
    }

    private static MultipartFormDataContent Multipart(List<(string Name, string Type, string Value)> fields, string value)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, type, text) in fields)
        {
            if (type == "file")
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Add(file, name, "../../\u202Eevil.exe.txt");
            }
            else content.Add(new StringContent(text), name);
        }
        return content;
    }

    private async Task FuzzApiAsync(string key)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .Select(e => (Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'),
                Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Pattern.StartsWith("/api/") || e.Pattern.StartsWith("/webhooks/"))
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var (pattern, methods) in endpoints)
        {
            foreach (var method in methods)
            {
                _routes.Add($"{method} {pattern}");
                foreach (var id in new[] { Guid.NewGuid().ToString(), "not-an-id" })
                {
                    var url = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]+\}", id);
                    using var api = Api(key);
                    foreach (var (label, body) in BadValues.Json)
                        await SendApiAsync(api, new HttpMethod(method), url, label, Json(body, "application/json"));
                    foreach (var (label, type, body) in BadValues.WrongTypes)
                        await SendApiAsync(api, new HttpMethod(method), url, label, Json(body, type));
                    foreach (var odd in BadValues.OddMethods)
                        await SendApiAsync(api, new HttpMethod(odd), url, "odd method", null);
                    using var anonymous = Api(null);
                    await SendApiAsync(anonymous, new HttpMethod(method), url, "no key", Json("{}", "application/json"));
                    using var malformed = Api("sl_live_\u00e9\u0001");
                    await SendApiAsync(malformed, new HttpMethod(method), url, "malformed key", null);
                }
            }
        }
    }

    private static StringContent Json(string body, string type)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    private HttpClient Api(string? key)
    {
        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        if (key is not null) http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key}");
        // Its own address, so the per-address limits answer 429s to the fuzzer no sooner than to anyone else.
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, TestClientAddress.NewAddress());
        return http;
    }

    private async Task SendApiAsync(HttpClient api, HttpMethod method, string url, string label, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("Stripe-Signature", "t=1,v1=bad");
        _requests++;
        using var response = await api.SendAsync(request);
        Check("api", method.Method, url, label, response.StatusCode);
    }

    private async Task SendAsync(string user, AppClient client, HttpMethod method, string url, string label, HttpContent? content,
        string? token = null, bool htmx = false)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        if (htmx) request.Headers.Add("HX-Request", "true");
        _requests++;
        using var response = await client.Http.SendAsync(request);
        Check(user, method.Method, url, label, response.StatusCode);
    }

    private void Check(string user, string method, string url, string label, HttpStatusCode status)
    {
        _statuses[(int)status] = _statuses.GetValueOrDefault((int)status) + 1;
        if ((int)status < 500) return;
        // The app's last error says why, so a failure found once can be fixed without reproducing it.
        var why = app.Logs.Entries.LastOrDefault(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        _failures.Add($"{user}: {method} {Shorten(url)} [{label}] -> {(int)status}" +
            (why is null ? "" : $"\n  {why.Message}\n  {why.Exception?[..Math.Min(why.Exception.Length, 1_500)]}"));
    }

    private static string Shorten(string url) => url.Length > 160 ? url[..160] + "…" : url;

    private static async Task<string?> TokenAsync(AppClient client, string page)
    {
        var response = await client.Http.GetAsync(page);
        if (response.Content.Headers.ContentType?.MediaType != "text/html") return null;
        return (await AppClient.ParseAsync(response)).QuerySelector("meta[name=csrf-token]")?.GetAttribute("content");
    }

    private static async Task<string> CreateApiKeyAsync(AppClient client)
    {
        var token = await TokenAsync(client, "/api-keys");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api-keys?handler=Create")
        {
            Content = new FormUrlEncodedContent([new("Input.Name", "Fuzz"), new("Input.Scopes", "credits:read"), new("Input.Scopes", "credits:write")]),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var created = await client.Http.SendAsync(request);
        return (await AppClient.ParseAsync(created)).QuerySelector("#new-api-key")!.TextContent.Trim();
    }
}

/// <summary>The admin app with the limiters opened wide, so the bad values reach the handlers rather than a 429.</summary>
public class FuzzSqliteApp : AdminApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        foreach (var limit in new[] { "ApiPermitLimit", "ApiFailurePermitLimit", "ChatVisitorPermitLimit", "ChatAddressPermitLimit", "ChatStartPermitLimit", "ProposalPermitLimit" })
            settings[$"RateLimits:{limit}"] = "100000";
    }
}

public sealed class FuzzPostgresApp : FuzzSqliteApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class FuzzTestsOnSqlite(FuzzSqliteApp app, ITestOutputHelper output)
    : FuzzTests<FuzzSqliteApp>(app, output), IClassFixture<FuzzSqliteApp>;

public sealed class FuzzTestsOnPostgres(FuzzPostgresApp app, ITestOutputHelper output)
    : FuzzTests<FuzzPostgresApp>(app, output), IClassFixture<FuzzPostgresApp>;
