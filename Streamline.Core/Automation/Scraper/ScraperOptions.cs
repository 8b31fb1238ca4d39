namespace Streamline.Core.Automation.Scraper;

/// <summary>The <c>Services:Scraper</c> section: what the scraper may fetch and how much.</summary>
public sealed class ScraperOptions
{
    public const string Section = "Services:Scraper";

    /// <summary>
    /// Host names (exactly as written in a URL, e.g. <c>localhost</c> or <c>intranet.example</c>) that may resolve to
    /// private, loopback or link-local addresses. Empty by default: only public addresses are fetched.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    public int MaxPages { get; set; } = 50;
    public long MaxPageBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>For one page, redirects included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Online extraction: the most tokens one page's request to the model may hold (instructions, fields and the page's
    /// text, cut to fit) and its answer. Credits for this much are held per page and what was used is charged.
    /// </summary>
    public int ModelInputTokens { get; set; } = 4000;
    public int ModelOutputTokens { get; set; } = 1000;

    /// <summary>Sent with every request, and the name robots.txt rules are matched against.</summary>
    public string UserAgent { get; set; } = "StreamlineScraper/1.0";
}
