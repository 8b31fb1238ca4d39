using System.Text.RegularExpressions;

namespace Streamline.Core.Conversations.Sales.Understanding;

/// <summary>
/// Finding the workspace's products in what a visitor writes: by name (typos forgiven: "scrapper", "growht"), by
/// need ("web scraping" → AI Scraper, "a site for my restaurant" → a website product), and naming what is not
/// offered ("CRM Lite"). Only the products given are ever returned, so nothing from elsewhere can be named.
/// </summary>
public static partial class Catalogue
{
    /// <summary>Words that say what a thing is, grouped by meaning, so a need finds a product worded differently.</summary>
    private static readonly string[][] Concepts =
    [
        ["website", "site", "webpage", "homepage", "landing", "web design", "online shop", "online store", "e-commerce", "ecommerce", "online ordering", "booking page", "página web", "sitio", "webseite", "site web", "app", "apps", "iphone", "android", "mobile"],
        ["scrape", "scraping", "scraper", "crawl", "crawler", "extract", "extraction", "harvest", "listings", "data from"],
        ["invoice", "invoices", "bill", "bills", "billing", "bookkeeping", "bookkeeper", "accounting", "quickbooks", "xero", "supplier", "receipts", "factura", "rechnung", "facture", "fatura"],
        ["chatbot", "chat", "assistant", "enquiries", "inquiries", "questions", "leads", "visitors", "answers", "after hours", "at night"],
        ["crm", "pipeline", "deals", "contacts", "forecast", "forecasts", "forecasting", "sales team", "salespeople"],
        ["automate", "automation", "workflow", "manual", "manually", "by hand"],
        ["cake", "cakes", "cupcake", "cupcakes", "torte", "tarta", "gâteau", "bolo", "birthday", "wedding", "hochzeit", "hochzeitstorte", "boda", "mariage", "casamento"],
        ["breakfast", "pastries", "croissant", "croissants", "rolls", "frühstück", "desayuno", "petit-déjeuner", "café da manhã"],
        ["class", "classes", "course", "courses", "lesson", "lessons", "workshop", "learn", "teach", "training", "tutor", "teacher", "kurs", "curso", "cours", "aula", "clase", "clases"],
        ["sourdough", "bread", "bake", "baking", "loaf", "brot", "pan", "pain", "pão"],
        ["sso", "single sign-on", "security", "gdpr", "compliance", "residency"],
        ["presentation", "presentations", "negotiation", "meetings", "business english", "work"],
        ["one-to-one", "private", "individual", "tutor", "particuliers", "particulares", "einzelunterricht"],
        ["spanish", "español", "espanol", "spanisch", "espagnol", "espanhol", "madrid"],
    ];

    /// <summary>Words in almost every product description that say nothing about which one fits.</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "with", "your", "our", "you", "per", "a", "an", "of", "to", "in", "on", "up", "plan", "plans", "product", "service",
        "services", "price", "cost", "how", "much", "what", "which", "does", "do", "is", "are", "it", "can", "we", "i", "me", "my", "us",
        "need", "want", "get", "have", "has", "include", "includes", "offer", "sell", "option", "options", "package", "month", "year", "ai",
        "everything", "all", "from", "more", "most", "best", "good", "new", "one", "team", "teams", "people", "hi", "hello", "thanks", "please",
        "would", "could", "should", "like", "about", "there", "this", "that", "they", "them", "any", "some", "just", "also", "very",
    };

    public sealed record Scored(SalesProduct Product, double Score);

    /// <summary>Products the text names, best first: a distinctive word of the product's name, typos forgiven.</summary>
    public static List<SalesProduct> Named(string text, IReadOnlyList<SalesProduct> products)
    {
        var words = WordsOf(text);
        var distinctive = DistinctiveNameWords(products);
        return products
            .Select(p => (Product: p, Hits: distinctive[p.Id].Count(n => words.Any(w => Like(w, n)))))
            .Where(p => p.Hits > 0)
            .OrderByDescending(p => p.Hits)
            .ThenBy(p => text.IndexOf(p.Product.Name, StringComparison.OrdinalIgnoreCase) is var i && i >= 0 ? i : int.MaxValue)
            .Select(p => p.Product).ToList();
    }

    /// <summary>How well each product fits what the text asks for: its name most, then shared words and meanings.</summary>
    public static List<Scored> Fit(string text, IReadOnlyList<SalesProduct> products, Func<string, IEnumerable<string>> stems)
    {
        var words = WordsOf(text);
        var messageStems = stems(text).Where(s => !Generic.Contains(s)).ToHashSet();
        var messageConcepts = ConceptsOf(text.ToLowerInvariant(), words);
        var distinctive = DistinctiveNameWords(products);
        return products.Select(p =>
        {
            var body = $"{p.Description} {string.Join(' ', p.Features)}";
            var nameHits = distinctive[p.Id].Count(n => words.Any(w => Like(w, n)));
            var shared = stems($"{p.Name} {body}").Where(s => !Generic.Contains(s)).Distinct().Count(messageStems.Contains);
            var productWords = WordsOf($"{p.Name} {body}");
            var fuzzy = words.Distinct().Where(w => w.Length >= 5 && !Generic.Contains(w)).Count(w => productWords.Any(pw => pw.Length >= 5 && pw != w && Like(w, pw)));
            // A meaning carried by the product's name ("Webpage Generator" for "a site") outweighs one its description mentions.
            var nameConcepts = ConceptsOf(p.Name.ToLowerInvariant(), WordsOf(p.Name)).Count(messageConcepts.Contains);
            var concepts = ConceptsOf($"{p.Name} {body}".ToLowerInvariant(), productWords).Count(messageConcepts.Contains);
            return new Scored(p, 3 * nameHits + shared + 0.5 * fuzzy + 1.5 * concepts + 3 * nameConcepts);
        }).OrderByDescending(s => s.Score).ThenBy(s => s.Product.PriceCents).ToList();
    }

    public static SalesProduct? Cheapest(IReadOnlyList<SalesProduct> products) =>
        products.Where(p => p.PriceCents > 0).OrderBy(p => p.PriceCents).FirstOrDefault();

    public static SalesProduct? Dearest(IReadOnlyList<SalesProduct> products) =>
        products.Where(p => p.PriceCents > 0).OrderByDescending(p => p.PriceCents).FirstOrDefault();

    /// <summary>
    /// A product-like name in a question about the offer ("How much is the Mobile App Builder?", "Do you have CRM Lite?")
    /// that is none of the products; null when everything named is real.
    /// </summary>
    public static string? UnknownProduct(string text, IReadOnlyList<SalesProduct> products, IEnumerable<string> notProducts)
    {
        var known = products.SelectMany(p => WordsOf(p.Name)).ToList();
        var skip = notProducts.SelectMany(WordsOf).ToHashSet();
        foreach (Match m in ProperName().Matches(text))
        {
            var words = WordsOf(m.Value);
            if (words.All(skip.Contains) || words.Any(w => known.Any(k => Like(w, k)))) continue;
            if (words.All(w => Generic.Contains(w) || QuestionStarts.Contains(w))) continue;
            return m.Value.Trim();
        }
        return null;
    }

    private static readonly HashSet<string> QuestionStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "how", "what", "which", "do", "does", "can", "is", "are", "hi", "hello", "hey", "i", "we", "and", "or", "but", "ok", "so", "sorry", "also", "then",
    };

    /// <summary>The same word, or a typo of it: one edit (two for long words), or a shared stem of five letters between longer words.</summary>
    public static bool Like(string a, string b)
    {
        if (a == b) return true;
        if (a.Length < 4 || b.Length < 4) return false;
        // "scraping" and "scraper" share a stem; "cours" and "course" are different words in different languages.
        if (Math.Min(a.Length, b.Length) >= 6 && CommonPrefix(a, b) >= 5) return true;
        var shorter = Math.Min(a.Length, b.Length);
        var limit = shorter >= 7 ? 2 : 1;
        // Short words differ by a letter slipped, not one added: "growht" is "growth", "cours" is not "course".
        if (shorter <= 5 && a.Length != b.Length) return false;
        return Math.Abs(a.Length - b.Length) <= limit && Distance(a, b) <= limit;
    }

    private static int CommonPrefix(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }

    /// <summary>Edit distance counting a swap of two neighbours as one edit.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>The words of each product's name that the other products' names do not share ("Growth", not "PipeFlow").</summary>
    private static Dictionary<Guid, List<string>> DistinctiveNameWords(IReadOnlyList<SalesProduct> products)
    {
        var named = products.ToDictionary(p => p.Id, p => WordsOf(p.Name).Where(w => w.Length >= 3 && !Generic.Contains(w)).Distinct().ToList());
        return named.ToDictionary(n => n.Key, n =>
        {
            var own = n.Value.Where(w => products.Count == 1 || named.Count(o => o.Value.Contains(w)) < products.Count).ToList();
            return own.Count > 0 ? own : n.Value;
        });
    }

    private static HashSet<int> ConceptsOf(string lower, List<string> words)
    {
        var found = new HashSet<int>();
        for (var i = 0; i < Concepts.Length; i++)
            foreach (var term in Concepts[i])
                if (term.Contains(' ') ? lower.Contains(term, StringComparison.Ordinal) : words.Any(w => w == term || (term.Length >= 5 && Like(w, term))))
                {
                    found.Add(i);
                    break;
                }
        return found;
    }

    public static List<string> WordsOf(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value.Trim('\'', '-')).Where(w => w.Length > 0).ToList();

    [GeneratedRegex(@"[\p{L}0-9][\p{L}0-9'-]*")]
    private static partial Regex WordPattern();

    // Two or more capitalised words in a row, or a capitalised acronym and a word: "Mobile App Builder", "CRM Lite".
    [GeneratedRegex(@"(?<![\p{L}])(?:\p{Lu}[\p{L}0-9-]*)(?:\s+\p{Lu}[\p{L}0-9-]*)+")]
    private static partial Regex ProperName();
}
