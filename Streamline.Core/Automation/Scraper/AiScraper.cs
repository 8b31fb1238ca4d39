using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Streamline.Core.Exports;

namespace Streamline.Core.Automation.Scraper;

/// <summary>
/// Reads pages (a list of URLs or a sitemap's) and extracts what the customer asked for, delivered as CSV and JSON.
/// Charged per page read; a page refused (robots.txt, a private address, a limit) is skipped and not charged. Fields
/// described in words go to the AI model with the page's text when one is configured (its cost charged on top, held up
/// front like the pages), and are read by name from the page's structured data when not.
/// </summary>
public sealed class AiScraper(SafeFetcher fetcher, ModelExtractor model) : AutomationService
{
    public const string ServiceKey = "ai-scraper";

    public override string Key => ServiceKey;
    public override string Name => "AI Scraper";
    public override string Description => "Reads web pages (a list of addresses or a sitemap) and extracts fields by CSS selector, every table, " +
                                          "the pages' schema.org data, or fields described in words (read by the AI model), as CSV and JSON. " +
                                          "Respects robots.txt.";
    public override ServicePrice Price => new(500, PriceUnit.PerUnit, "page");

    public override IReadOnlyList<ServiceField> Fields =>
    [
        new("urls", "Page addresses", FieldKind.Lines, Hint: "One http or https address a line."),
        new("sitemap", "Or a sitemap", FieldKind.Url, Hint: "The pages it lists are read, up to the page limit."),
        new("extract", "What to extract", FieldKind.Choice, Required: true, Choices: ["CSS selectors", "Tables", "Schema.org data", DescribedChoice]),
        new("selectors", "Fields (for CSS selectors)", FieldKind.Lines, Hint: "One \"name: selector\" a line, e.g. price: .product .price"),
        new("described", "Fields (described in words)", FieldKind.Lines, Hint: model.IsOnline
            ? "One \"name: what it is\" a line, e.g. price: the product's price with its currency. The AI model reads each page; its cost is added to the page price."
            : "One \"name: what it is\" a line. Without an AI model, each field is read by its name from the page's schema.org data and meta tags."),
    ];

    public const string DescribedChoice = "Fields described in words";

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
        if (ModeOf(input) == ExtractMode.Described && PageExtractor.ParseDescribed(input.GetValueOrDefault("described") ?? "").Error is { } problem)
            return ServiceCheck.Invalid("described", problem);
        // A sitemap's length is known only once it is read: hold for the most pages a run may read.
        return ServiceCheck.Valid(urls.Count > 0 ? urls.Count : MaxPages);
    }

    /// <summary>Online, described fields hold the most a page's model call can cost, for every page held.</summary>
    public override async Task<long> ModelAllowanceAsync(IReadOnlyDictionary<string, string> input, int units, CancellationToken ct) =>
        ModeOf(input) == ExtractMode.Described && model.IsOnline ? checked(units * await model.MostPerPageAsync(ct)) : 0;

    public override async Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct)
    {
        var mode = ModeOf(run.Input);
        var fields = mode == ExtractMode.Selectors ? PageExtractor.ParseSelectors(run.Get("selectors")).Fields : [];
        var described = mode == ExtractMode.Described ? PageExtractor.ParseDescribed(run.Get("described")).Fields : [];
        // A run requested offline holds nothing for the model, so it stays offline whatever the configuration says now.
        var modelBudget = run.ModelAllowanceMillicredits;
        var online = described.Count > 0 && modelBudget > 0 && model.IsOnline;
        var modelCost = 0L;
        var modelCalls = 0;
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
                if (online)
                {
                    var most = Math.Min(await model.MostPerPageAsync(ct), modelBudget - modelCost);
                    if (most <= 0)
                    {
                        skipped.Add((url.ToString(), "the credits held for the AI model were used up"));
                        continue;
                    }
                    var extracted = await model.ExtractAsync(document, page.Url, described, most, ct);
                    if (extracted.Row is null)
                    {
                        skipped.Add((url.ToString(), extracted.Refusal!));
                        continue;
                    }
                    rows.Add(extracted.Row);
                    modelCost += extracted.CostMillicredits;
                    modelCalls++;
                }
                else if (mode == ExtractMode.Described) rows.Add(PageExtractor.ByName(document, page.Url, described));
                else rows.AddRange(PageExtractor.Extract(document, page.Url, mode, fields));
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
        if (modelCalls > 0) summary += $"; read by the AI model ({Credits.CreditAmount.Credits(modelCost)})";
        if (skipped.Count > 0) summary += $"; {skipped.Count} skipped ({skipped[0].Url}: {skipped[0].Reason})";
        return new ServiceResult(read, summary, modelCost);
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
        DescribedChoice => ExtractMode.Described,
        _ => ExtractMode.Selectors,
    };

    private static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct()];

    private static bool TryUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && SafeFetcher.IsFetchable(url);
}
