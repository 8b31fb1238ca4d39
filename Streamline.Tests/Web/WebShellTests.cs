using System.Net;
using Microsoft.Net.Http.Headers;
using Streamline.Tests.Support;

namespace Streamline.Tests.Web;

public abstract class WebShellTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused_with_400_and_changes_nothing()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        var invited = $"csrf-{Guid.NewGuid():N}@example.test";

        var response = await client.Http.PostAsync("/workspace?handler=Invite",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Invite.Email"] = invited }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.Database.NewContext();
        Assert.False(db.WorkspaceInvitations.Any(i => i.Email == invited));
    }

    [Fact]
    public async Task An_htmx_post_with_the_token_in_its_header_succeeds()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        var token = await client.AntiforgeryTokenAsync("/app");
        var request = new HttpRequestMessage(HttpMethod.Post, "/workspace?handler=Invite")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Invite.Email"] = $"ok-{Guid.NewGuid():N}@example.test" }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/Identity/Account/Register")]
    [InlineData("/no/such/page")]
    [InlineData("/Error/500")]
    public async Task Every_public_html_response_carries_the_content_security_policy(string url)
    {
        using var client = app.NewClient();
        var response = await client.Http.GetAsync(url);
        AssertSecurityHeaders(response, url);
    }

    [Fact]
    public async Task Every_signed_in_html_page_carries_the_content_security_policy()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        foreach (var url in new[] { "/app", "/workspace", "/workspace/new", "/campaigns", "/credits", "/Identity/Account/Manage", "/Identity/Account/Manage/TwoFactorAuthentication" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            AssertSecurityHeaders(response, url);
        }
    }

    [Fact]
    public async Task The_landing_page_prices_come_from_the_seeded_packages()
    {
        using var client = app.NewClient();
        var pricing = (await client.GetDocumentAsync("/")).QuerySelector("#pricing")!.TextContent;
        Assert.Contains("$49.99", pricing);
        Assert.Contains("600 credits every month", pricing);
        Assert.Contains("1,500 credits every month", pricing);
        Assert.Contains("12,000 credits for $700", pricing);
    }

    [Theory]
    [InlineData("Shopify orders")]
    [InlineData("by day, campaign and channel")]
    [InlineData("weekly report")]
    [InlineData("reports in your inbox")]
    [InlineData("WhatsApp, Telegram, Messenger and Instagram")]
    [InlineData("sandbox phone")]
    [InlineData("AI Scraper")]
    public async Task The_landing_page_claims_what_is_built(string claim)
    {
        using var client = app.NewClient();
        var page = (await client.GetDocumentAsync("/")).QuerySelector("main")!.TextContent;
        Assert.Contains("website widget", page);
        Assert.Contains(claim, page);
    }

    [Fact]
    public async Task Unknown_pages_get_the_friendly_404_page()
    {
        using var client = app.NewClient();
        var response = await client.Http.GetAsync("/definitely/not/here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We couldn", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_checks_report_live_and_ready_with_database_and_job_storage()
    {
        using var client = app.NewClient();
        var live = await client.Http.GetAsync("/health/live");
        var ready = await client.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Auth_cookies_are_secure_http_only()
    {
        using var client = app.NewClient();
        var email = $"cookie-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email)).EnsureRedirect();
        (await client.ConfirmFromOutboxAsync(email)).EnsureSuccessStatusCode();
        var login = await client.LoginAsync(email);

        var auth = login.Headers.GetValues(HeaderNames.SetCookie).Single(c => c.StartsWith("streamline.auth="));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string url)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html", $"{url} is not HTML");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class WebShellTestsOnSqlite(SqliteApp app) : WebShellTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class WebShellTestsOnPostgres(PostgresApp app) : WebShellTests<PostgresApp>(app);

/// <summary>A fixture with a tight limit so the limiter's answer can be seen without slowing other tests.</summary>
public sealed class RateLimitedApp : StreamlineApp
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["RateLimits:AccountPermitLimit"] = "3";
}

public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Theory]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/Identity/Account/Register")]
    [InlineData("/Identity/Account/ForgotPassword")]
    public async Task Hammering_an_account_form_gets_429_with_retry_after(string url)
    {
        using var client = app.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>()));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.True(response.Headers.RetryAfter is not null, "429 without Retry-After");
        }
        Assert.Equal(3, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Pages_that_are_not_account_forms_are_not_limited()
    {
        using var client = app.NewClient();
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/Identity/Account/Login")).StatusCode);
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class ApiErrorShapeTests(SqliteApp app)
{
    [Fact]
    public async Task An_unknown_api_route_answers_problem_json_not_the_html_page()
    {
        using var client = app.NewClient();
        var response = await client.Http.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("DELETE", "/api/v1/credits/balance", "GET")]
    [InlineData("PUT", "/api/v1/credits/consume", "POST")]
    [InlineData("PATCH", "/webhooks/stripe", "POST")]
    public async Task A_known_api_route_called_with_another_method_is_a_405_naming_the_ones_it_takes(string method, string path, string allow)
    {
        using var client = app.NewClient();
        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("PUT", "/no-such-page")]
    [InlineData("DELETE", "/")]
    [InlineData("PATCH", "/Identity/Account/Login")]
    [InlineData("OPTIONS", "/app")]
    public async Task A_page_or_unknown_path_asked_with_a_method_pages_do_not_take_is_a_404_page(string method, string path)
    {
        using var client = app.NewClient();
        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("find that page", await response.Content.ReadAsStringAsync());
    }
}
