using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Streamline.Core.Automation.Scraper;

public enum ExtractMode { Selectors, Tables, SchemaOrg, Described }

/// <summary>A field to extract with a CSS selector: "price: .product .price".</summary>
public sealed record SelectorField(string Name, string Selector);

/// <summary>One extracted row: column name to text, in the order found.</summary>
public sealed class ScrapedRow : List<KeyValuePair<string, string>>
{
    public void Set(string column, string value) => Add(new(column, value));
}

/// <summary>
/// Offline extraction from a parsed page, without a model: fields by CSS selectors, every table's rows by its header,
/// or the schema.org items of its JSON-LD. AngleSharp parses as a browser does, so real-world HTML reads as it looks.
/// </summary>
public static partial class PageExtractor
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>"name: selector" lines, or the error for the form. Selectors are checked by AngleSharp itself.</summary>
    public static (List<SelectorField> Fields, string? Error) ParseSelectors(string lines)
    {
        var fields = new List<SelectorField>();
        var probe = Parser.ParseDocument("");
        foreach (var raw in lines.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0 || colon == line.Length - 1) return ([], $"\"{line}\" is not \"name: selector\".");
            var name = line[..colon].Trim();
            var selector = line[(colon + 1)..].Trim();
            if (!ColumnName().IsMatch(name)) return ([], $"\"{name}\" is not a column name: use letters, digits, spaces, - and _.");
            try
            {
                probe.QuerySelector(selector);
            }
            catch (DomException)
            {
                return ([], $"\"{selector}\" is not a CSS selector.");
            }
            fields.Add(new SelectorField(name, selector));
        }
        return fields.Count == 0 ? ([], "Enter at least one \"name: selector\" line.") : (fields, null);
    }

    /// <summary>"name: what it is" lines for the model, or the error for the form.</summary>
    public static (List<DescribedField> Fields, string? Error) ParseDescribed(string lines)
    {
        var fields = new List<DescribedField>();
        foreach (var raw in lines.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0 || colon == line.Length - 1) return ([], $"\"{line}\" is not \"name: what it is\".");
            var name = line[..colon].Trim();
            var description = line[(colon + 1)..].Trim();
            if (!ColumnName().IsMatch(name) || name.Equals("url", StringComparison.OrdinalIgnoreCase))
                return ([], $"\"{name}\" is not a column name: use letters, digits, spaces, - and _ (and not \"url\").");
            if (description.Length > MaxDescription) return ([], $"Describe \"{name}\" in at most {MaxDescription} characters.");
            if (fields.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))) return ([], $"\"{name}\" is there twice.");
            fields.Add(new DescribedField(name, description));
        }
        if (fields.Count > MaxDescribedFields) return ([], $"At most {MaxDescribedFields} fields.");
        return fields.Count == 0 ? ([], "Enter at least one \"name: what it is\" line.") : (fields, null);
    }

    public const int MaxDescribedFields = 20;
    public const int MaxDescription = 200;

    /// <summary>
    /// Described fields without a model: each read by its name from the page's own structured data: a schema.org JSON-LD
    /// property, an <c>itemprop</c>, or a <c>meta</c> tag (<c>name</c>, <c>og:</c> or <c>product:</c>), in that order.
    /// </summary>
    public static ScrapedRow ByName(IHtmlDocument page, Uri url, IReadOnlyList<DescribedField> fields)
    {
        var items = SchemaOrg(page, url);
        var row = new ScrapedRow();
        row.Set("url", url.ToString());
        foreach (var field in fields)
        {
            var key = field.Name.Replace(' ', '_');
            var value = items.SelectMany(i => i).FirstOrDefault(c => c.Key.Equals(field.Name, StringComparison.OrdinalIgnoreCase)
                                                                     || c.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;
            value ??= page.QuerySelectorAll("[itemprop]").FirstOrDefault(e => e.GetAttribute("itemprop")!.Equals(key, StringComparison.OrdinalIgnoreCase))
                is { } prop ? prop.GetAttribute("content") ?? Text(prop) : null;
            value ??= page.QuerySelectorAll("meta[content]").FirstOrDefault(m =>
                (m.GetAttribute("name") ?? m.GetAttribute("property")) is { } n
                && (n.Equals(key, StringComparison.OrdinalIgnoreCase) || n.Equals($"og:{key}", StringComparison.OrdinalIgnoreCase)
                    || n.Equals($"product:{key}", StringComparison.OrdinalIgnoreCase)))?.GetAttribute("content");
            row.Set(field.Name, value?.Trim() ?? "");
        }
        return row;
    }

    /// <summary>
    /// What a reader sees of the page: its body's text without scripts, styles and templates, whitespace collapsed, and
    /// a space after every block, cell and line break so that "Small" and "1.0" in two cells do not run together.
    /// </summary>
    public static string VisibleText(IHtmlDocument page)
    {
        if (page.Body is not { } body) return "";
        var copy = (IElement)body.Clone(deep: true);
        foreach (var hidden in copy.QuerySelectorAll("script, style, noscript, template, svg").ToList()) hidden.Remove();
        foreach (var block in copy.QuerySelectorAll(Blocks).ToList()) block.After(page.CreateTextNode(" "));
        return Whitespace().Replace(copy.TextContent, " ").Trim();
    }

    private const string Blocks = "p, div, br, li, dt, dd, td, th, tr, h1, h2, h3, h4, h5, h6, section, article, header, footer, nav, aside, " +
                                  "main, table, ul, ol, dl, blockquote, pre, figure, figcaption, address, hr, form, label, option";

    public static List<ScrapedRow> Extract(IHtmlDocument page, Uri url, ExtractMode mode, IReadOnlyList<SelectorField> fields) => mode switch
    {
        ExtractMode.Tables => Tables(page, url),
        ExtractMode.SchemaOrg => SchemaOrg(page, url),
        _ => [BySelectors(page, url, fields)],
    };

    private static ScrapedRow BySelectors(IHtmlDocument page, Uri url, IReadOnlyList<SelectorField> fields)
    {
        var row = new ScrapedRow();
        row.Set("url", url.ToString());
        foreach (var field in fields)
            row.Set(field.Name, string.Join(" | ", page.QuerySelectorAll(field.Selector).Select(Text).Where(t => t.Length > 0)));
        return row;
    }

    private static List<ScrapedRow> Tables(IHtmlDocument page, Uri url)
    {
        var rows = new List<ScrapedRow>();
        var number = 0;
        foreach (var table in page.QuerySelectorAll("table").OfType<IHtmlTableElement>())
        {
            number++;
            var all = table.Rows.ToList();
            var headerRow = all.FirstOrDefault(r => r.Cells.Any() && r.Cells.All(c => c.LocalName == "th"));
            var headers = headerRow?.Cells.Select(c => Text(c)).ToList() ?? [];
            foreach (var tr in all.Where(r => r != headerRow && r.Cells.Any()))
            {
                var row = new ScrapedRow();
                row.Set("url", url.ToString());
                row.Set("table", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var cells = tr.Cells.ToList();
                for (var i = 0; i < cells.Count; i++)
                    row.Set(i < headers.Count && headers[i].Length > 0 ? headers[i] : $"column {i + 1}", Text(cells[i]));
                rows.Add(row);
            }
        }
        return rows;
    }

    private static List<ScrapedRow> SchemaOrg(IHtmlDocument page, Uri url)
    {
        var rows = new List<ScrapedRow>();
        foreach (var script in page.QuerySelectorAll("script[type='application/ld+json']"))
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException)
            {
                continue; // a site's broken JSON-LD is its own business; the rest of the page still counts
            }
            using (json)
                foreach (var item in Items(json.RootElement))
                {
                    var row = new ScrapedRow();
                    row.Set("url", url.ToString());
                    foreach (var property in item.EnumerateObject().Where(p => p.Name != "@context"))
                        row.Set(property.Name, Scalar(property.Value));
                    rows.Add(row);
                }
        }
        return rows;
    }

    private static IEnumerable<JsonElement> Items(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray().SelectMany(Items)) yield return item;
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("@graph", out var graph)) foreach (var item in Items(graph)) yield return item;
            else yield return element;
        }
    }

    /// <summary>Nested values (an offer, an address) are kept as their JSON, so nothing is lost.</summary>
    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static string Text(IElement element) => Whitespace().Replace(element.TextContent, " ").Trim();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("^[A-Za-z0-9 _-]{1,50}$")]
    private static partial Regex ColumnName();
}
