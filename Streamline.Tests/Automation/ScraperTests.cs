using System.Net;
using Microsoft.Extensions.Options;
using Streamline.Core.Automation.Scraper;

namespace Streamline.Tests.Automation;

/// <summary>The scraper's HTTP client, robots.txt and extraction against a real local site; no database needed.</summary>
public sealed class ScraperTests : IAsyncLifetime
{
    private ScrapedSite _site = null!;

    public async Task InitializeAsync() => _site = await ScrapedSite.StartAsync();
    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static SafeFetcher Fetcher(params string[] allowed) => Fetcher(TimeSpan.FromSeconds(2), allowed);

    private static SafeFetcher Fetcher(TimeSpan timeout, params string[] allowed) => new(Options.Create(new ScraperOptions
    {
        AllowedHosts = [.. allowed], Timeout = timeout, MaxPageBytes = 1024 * 1024, MaxRedirects = 3,
    }));

    private static async Task<string> RefusalAsync(SafeFetcher fetcher, string url) =>
        (await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(new Uri(url), CancellationToken.None))).Message;

    [Fact]
    public async Task An_allowlisted_host_is_fetched_even_on_loopback()
    {
        using var fetcher = Fetcher("localhost");
        var page = await fetcher.FetchAsync(new Uri($"{_site.Url}/products"), CancellationToken.None);
        Assert.Equal(200, page.Status);
        Assert.Contains("Blue Kettle", System.Text.Encoding.UTF8.GetString(page.Body));
    }

    [Fact]
    public async Task Loopback_is_refused_without_the_allowlist()
    {
        using var fetcher = Fetcher();
        Assert.Contains("not a public address", await RefusalAsync(fetcher, $"{_site.Url}/products"));
    }

    [Fact]
    public async Task A_redirect_to_127_0_0_1_is_refused_unless_that_host_is_allowlisted_too()
    {
        using (var fetcher = Fetcher("localhost"))
            Assert.Contains("127.0.0.1 is not a public address", await RefusalAsync(fetcher, $"{_site.Url}/to-loopback"));

        using var both = Fetcher("localhost", "127.0.0.1");
        var page = await both.FetchAsync(new Uri($"{_site.Url}/to-loopback"), CancellationToken.None);
        Assert.Equal(200, page.Status);
        Assert.Equal($"{_site.LoopbackUrl}/products", page.Url.ToString());
    }

    [Theory]
    [InlineData("/to-private", "10.20.30.40")]
    [InlineData("/to-metadata", "169.254.169.254")]
    public async Task A_redirect_to_a_private_or_link_local_address_is_refused_before_connecting(string path, string host)
    {
        using var fetcher = Fetcher("localhost");
        // The address check's words: a connect attempt to such an address would have timed out instead.
        Assert.Contains($"{host} is not a public address", await RefusalAsync(fetcher, _site.Url + path));
    }

    [Fact]
    public async Task Other_schemes_and_redirect_loops_are_refused()
    {
        using var fetcher = Fetcher("localhost");
        Assert.Contains("not an http or https address", await RefusalAsync(fetcher, $"{_site.Url}/to-ftp"));
        Assert.Contains("redirected more than 3 times", await RefusalAsync(fetcher, $"{_site.Url}/loop"));
        Assert.Contains("not an http or https address", await RefusalAsync(fetcher, "file:///etc/passwd"));
    }

    [Fact]
    public async Task A_slow_page_stops_at_the_time_limit()
    {
        using var fetcher = Fetcher("localhost");
        var started = DateTime.UtcNow;
        Assert.Contains("took longer than 2 seconds", await RefusalAsync(fetcher, $"{_site.Url}/slow"));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("/huge")]
    [InlineData("/huge-chunked")]
    public async Task A_huge_page_stops_at_the_size_limit_whether_or_not_it_says_its_length(string path)
    {
        // Time enough to read the limit on a busy machine: this is about size, not time.
        using var fetcher = Fetcher(TimeSpan.FromSeconds(30), "localhost");
        Assert.Contains("larger than the limit of 1 MB", await RefusalAsync(fetcher, _site.Url + path));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    public void Only_public_unicast_addresses_are_reachable_without_the_allowlist(string address, bool reachable) =>
        Assert.Equal(reachable, AddressPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void Robots_rules_follow_the_longest_match_with_our_own_group_first()
    {
        var rules = RobotsRules.Parse("""
            User-agent: *
            Disallow: /

            User-agent: StreamlineScraper
            Disallow: /private
            Allow: /private/public$
            Disallow: /*.pdf$
            """, "StreamlineScraper/1.0");
        Assert.True(rules.Allows(new Uri("https://example.com/products")));
        Assert.False(rules.Allows(new Uri("https://example.com/private/page")));
        Assert.True(rules.Allows(new Uri("https://example.com/private/public")));
        Assert.False(rules.Allows(new Uri("https://example.com/files/report.pdf")));
        Assert.False(RobotsRules.Parse("User-agent: *\nDisallow: /\n", "OtherBot/2").Allows(new Uri("https://example.com/a")));
        Assert.True(RobotsRules.Parse("User-agent: *\nDisallow:\n", "OtherBot/2").Allows(new Uri("https://example.com/a")));
    }

    [Fact]
    public void Pages_are_read_by_selectors_tables_and_schema_org_data()
    {
        var page = PageExtractor.Parse(ScrapedSite.ProductsHtml);
        var url = new Uri("https://shop.example/kettle");
        var (fields, error) = PageExtractor.ParseSelectors("title: h1.title\nprice: .price");
        Assert.Null(error);

        var bySelector = Assert.Single(PageExtractor.Extract(page, url, ExtractMode.Selectors, fields));
        Assert.Equal(["url", "title", "price"], bySelector.Select(c => c.Key));
        Assert.Equal(["https://shop.example/kettle", "Blue Kettle", "$29.90 | $24.90"], bySelector.Select(c => c.Value));

        var tables = PageExtractor.Extract(page, url, ExtractMode.Tables, []);
        Assert.Equal(2, tables.Count);
        Assert.Equal(["Small", "1.0"], tables[0].Where(c => c.Key is "Size" or "Litres").Select(c => c.Value));

        var item = Assert.Single(PageExtractor.Extract(page, url, ExtractMode.SchemaOrg, []));
        Assert.Contains(new KeyValuePair<string, string>("@type", "Product"), item);
        Assert.Contains(new KeyValuePair<string, string>("name", "Blue Kettle"), item);
        Assert.Contains(item, c => c.Key == "offers" && c.Value.Contains("29.90"));
    }

    [Theory]
    [InlineData("price .x", "is not \"name: selector\"")]
    [InlineData("price: ..x", "is not a CSS selector")]
    [InlineData("", "at least one")]
    public void Bad_selector_lines_are_explained(string lines, string expected) =>
        Assert.Contains(expected, PageExtractor.ParseSelectors(lines).Error);
}
