using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Streamline.Core.Exports;

namespace Streamline.Core.Automation.Scraper;

/// <summary>
/// Reads pages (a list of URLs or a sitemap's) and extracts what the customer asked for, delivered as CSV and JSON.
/// Charged per page read; a page refused (robots.txt, a private address, a limit) is skipped and not charged.
/// </summary>
public sealed class AiScraper(SafeFetcher fetcher) : AutomationService
{
    public const string ServiceKey = "ai-scraper";

    public override string Key => ServiceKey;
    public override string Name => "AI Scraper";
    public override string Description => "Reads web pages (a list of addresses or a sitemap) and extracts fields by CSS selector, every table, " +
                                          "or the pages' schema.org data, as CSV and JSON. Respects robots.txt.";
    public override ServicePrice Price => new(500, PriceUnit.PerUnit, "page");

    public override IReadOnlyList<ServiceField> Fields =>
    [
        new("urls", "Page addresses", FieldKind.Lines, Hint: "One http or https address a line."),
        new("sitemap", "Or a sitemap", FieldKind.Url, Hint: "The pages it lists are read, up to the page limit."),
        new("extract", "What to extract", FieldKind.Choice, Required: true, Choices: ["CSS selectors", "Tables", "Schema.org data"]),
        new("selectors", "Fields (for CSS selectors)", FieldKind.Lines, Hint: "One \"name: selector\" a line, e.g. price: .product .price"),
    ];

    private int MaxPages => fetcher.Options.MaxPages;

    public override ServiceCheck Check(IReadOnlyDictionary<string, string> input)
    {
        var urls = Lines(input.GetValueOrDefault("urls"));
        var sitemap = input.GetValueOrDefault("sitemap") ?? "";
        if (urls.Count == 0 && sitemap.Length == 0) return ServiceCheck.Invalid("urls", "Enter at least one address, or a sitemap.");
        if (urls.Count > 0 && sitemap.Length > 0) return ServiceCheck.Invalid("sitemap", "Enter addresses or a sitemap, not both.");
        foreach (var url in urls)
            if (!TryUrl(url, out _)) return ServiceCheck.Invalid("urls", $"\"{url}\" is not an http or https address.");
        if (sitemap.Length > 0 && !TryUrl(sitemap, out _)) return ServiceCheck.Invalid("sitemap", "Enter the sitemap's http or https address.");
        if (urls.Count > MaxPages) return ServiceCheck.Invalid("urls", $"At most {MaxPages} pages a run.");
        if (ModeOf(input) == ExtractMode.Selectors && PageExtractor.ParseSelectors(input.GetValueOrDefault("selectors") ?? "").Error is { } error)
            return ServiceCheck.Invalid("selectors", error);
        // A sitemap's length is known only once it is read: hold for the most pages a run may read.
        return ServiceCheck.Valid(urls.Count > 0 ? urls.Count : MaxPages);
    }

    public override async Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct)
    {
        var mode = ModeOf(run.Input);
        var fields = mode == ExtractMode.Selectors ? PageExtractor.ParseSelectors(run.Get("selectors")).Fields : [];
        var limit = Math.Min(MaxPages, run.UnitsHeld);
        var urls = run.Get("sitemap") is { Length: > 0 } sitemap
            ? await SitemapAsync(new Uri(sitemap), limit, ct)
            : [.. Lines(run.Get("urls")).Select(u => new Uri(u)).Take(limit)];

        var robots = new Dictionary<string, RobotsRules>();
        var rows = new List<ScrapedRow>();
        var skipped = new List<(string Url, string Reason)>();
        var read = 0;
        for (var i = 0; i < urls.Count; i++)
        {
            await run.ReportProgressAsync(i * 100 / urls.Count, $"Reading page {i + 1} of {urls.Count}", ct);
            var url = urls[i];
            try
            {
                if (!(await RobotsAsync(robots, url, ct)).Allows(url))
                {
                    skipped.Add((url.ToString(), "robots.txt asks robots not to read it"));
                    continue;
                }
                var page = await fetcher.FetchAsync(url, ct);
                if (page.Status != 200)
                {
                    skipped.Add((url.ToString(), $"the site answered {page.Status}"));
                    continue;
                }
                var document = PageExtractor.Parse(Encoding.UTF8.GetString(page.Body));
                rows.AddRange(PageExtractor.Extract(document, page.Url, mode, fields));
                read++;
            }
            catch (FetchRefusedException e)
            {
                skipped.Add((url.ToString(), e.Message));
            }
        }
        if (read == 0)
            throw new ServiceRunException(skipped.Count > 0 ? $"No page could be read. {skipped[0].Url}: {skipped[0].Reason}" : "The sitemap lists no pages.");

        await run.WriteFileAsync("results.csv", Encoding.UTF8.GetBytes(ToCsv(rows)), ct);
        await run.WriteFileAsync("results.json", JsonSerializer.SerializeToUtf8Bytes(new
        {
            rows = rows.Select(r => r.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(c => c.Value)))),
            skipped = skipped.Select(s => new { url = s.Url, reason = s.Reason }),
        }, new JsonSerializerOptions { WriteIndented = true }), ct);

        var summary = $"{read} {(read == 1 ? "page" : "pages")} read, {rows.Count} {(rows.Count == 1 ? "row" : "rows")}";
        if (skipped.Count > 0) summary += $"; {skipped.Count} skipped ({skipped[0].Url}: {skipped[0].Reason})";
        return new ServiceResult(read, summary);
    }

    private async Task<RobotsRules> RobotsAsync(Dictionary<string, RobotsRules> known, Uri url, CancellationToken ct)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (known.TryGetValue(origin, out var rules)) return rules;
        try
        {
            var robots = await fetcher.FetchAsync(new Uri(origin + "/robots.txt"), ct);
            // RFC 9309: no file (4xx) allows everything; an unreachable one (a server error) disallows everything.
            rules = robots.Status switch
            {
                200 => RobotsRules.Parse(Encoding.UTF8.GetString(robots.Body), fetcher.Options.UserAgent),
                >= 400 and < 500 => RobotsRules.AllowAll,
                _ => RobotsRules.DisallowAll,
            };
        }
        catch (FetchRefusedException)
        {
            // The page's own fetch says why more precisely (a private address, a timeout).
            rules = RobotsRules.AllowAll;
        }
        known[origin] = rules;
        return rules;
    }

    private async Task<List<Uri>> SitemapAsync(Uri sitemap, int limit, CancellationToken ct)
    {
        FetchedPage page;
        try
        {
            page = await fetcher.FetchAsync(sitemap, ct);
        }
        catch (FetchRefusedException e)
        {
            throw new ServiceRunException($"The sitemap could not be read: {e.Message}");
        }
        if (page.Status != 200) throw new ServiceRunException($"The sitemap could not be read: the site answered {page.Status}.");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(page.Body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var xml = XDocument.Load(reader);
            return [.. xml.Descendants().Where(e => e.Name.LocalName == "loc")
                .Select(e => TryUrl(e.Value.Trim(), out var u) ? u : null).OfType<Uri>().Distinct().Take(limit)];
        }
        catch (XmlException)
        {
            throw new ServiceRunException("The sitemap is not valid XML.");
        }
    }

    private static string ToCsv(List<ScrapedRow> rows)
    {
        var columns = rows.SelectMany(r => r.Select(c => c.Key)).Distinct().ToList();
        var csv = new StringBuilder(Csv.Line([.. columns.Select(Csv.Text)]));
        foreach (var row in rows)
            csv.Append(Csv.Line([.. columns.Select(c => Csv.Text(string.Join(" | ", row.Where(x => x.Key == c).Select(x => x.Value))))]));
        return csv.ToString();
    }

    private static ExtractMode ModeOf(IReadOnlyDictionary<string, string> input) => input.GetValueOrDefault("extract") switch
    {
        "Tables" => ExtractMode.Tables,
        "Schema.org data" => ExtractMode.SchemaOrg,
        _ => ExtractMode.Selectors,
    };

    private static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct()];

    private static bool TryUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && SafeFetcher.IsFetchable(url);
}
