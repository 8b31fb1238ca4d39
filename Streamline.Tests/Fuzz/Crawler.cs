using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Streamline.Tests.Support;

namespace Streamline.Tests.Fuzz;

/// <summary>A post endpoint found on a page: a form or an htmx element, with the fields a browser would send.</summary>
public sealed record FoundForm(string Page, string Target, bool Multipart, List<(string Name, string Type, string Value)> Fields)
{
    /// <summary>The same endpoint found on several pages (a row per item) is fuzzed once.</summary>
    public string Key => $"{Crawler.Shape(Target)}|{string.Join(",", Fields.Select(f => f.Name).Order())}";
}

/// <summary>
/// Follows a user's links from their start pages as a browser would (GET, same site only) and collects every page,
/// form and htmx endpoint. Bounded by a page count, and by one URL per path and query-parameter names, so a list of
/// a thousand rows is one page.
/// </summary>
public sealed class Crawler(AppClient client, int maxPages)
{
    private static readonly string[] Skipped = ["/identity/account/logout", "/admin/jobs", "/identity/account/manage/deletepersonaldata"];

    public List<(string Url, HttpStatusCode Status)> Pages { get; } = [];
    public Dictionary<string, FoundForm> Forms { get; } = [];
    public HashSet<string> HtmxGets { get; } = [];

    public async Task CrawlAsync(params string[] starts)
    {
        var queue = new Queue<string>(starts);
        var seen = new HashSet<string>(starts.Select(Shape));
        while (queue.Count > 0 && Pages.Count < maxPages)
        {
            var url = queue.Dequeue();
            var response = await client.Http.GetAsync(url);
            Pages.Add((url, response.StatusCode));
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var page = await AppClient.ParseAsync(response);
            foreach (var next in Links(page, url))
                if (seen.Add(Shape(next))) queue.Enqueue(next);
            CollectForms(page, url);
        }
    }

    private IEnumerable<string> Links(IHtmlDocument page, string from)
    {
        foreach (var a in page.QuerySelectorAll("a[href]"))
            if (Local(a.GetAttribute("href")!, from) is { } url && a.GetAttribute("download") is null) yield return url;
        foreach (var e in page.QuerySelectorAll("[hx-get]"))
            if (Local(e.GetAttribute("hx-get")!, from) is { } url) HtmxGets.Add(url);
    }

    private void CollectForms(IHtmlDocument page, string url)
    {
        foreach (var form in page.QuerySelectorAll<IHtmlFormElement>("form"))
        {
            var isPost = string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase) || form.HasAttribute("hx-post");
            if (!isPost) continue;
            var fields = Fields(form);
            var multipart = (form.GetAttribute("enctype") ?? form.GetAttribute("hx-encoding") ?? "").Contains("multipart", StringComparison.OrdinalIgnoreCase);
            var targets = new List<string?> { form.GetAttribute("hx-post") ?? form.GetAttribute("action") ?? "" };
            targets.AddRange(form.QuerySelectorAll("[formaction]").Select(b => b.GetAttribute("formaction")));
            foreach (var target in targets)
                if (Local(string.IsNullOrEmpty(target) ? url : target, url) is { } resolved) Add(new FoundForm(url, resolved, multipart, fields));
        }
        foreach (var element in page.QuerySelectorAll("[hx-post]:not(form)"))
        {
            var form = element.Closest("form") as IHtmlFormElement;
            if (Local(element.GetAttribute("hx-post")!, url) is { } resolved)
                Add(new FoundForm(url, resolved, false, form is null ? [] : Fields(form)));
        }
    }

    private void Add(FoundForm form)
    {
        if (!Skipped.Any(s => form.Target.Contains(s, StringComparison.OrdinalIgnoreCase))) Forms.TryAdd(form.Key, form);
    }

    private static List<(string, string, string)> Fields(IHtmlFormElement form)
    {
        var fields = new List<(string, string, string)>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
            fields.Add((input.Name!, input.Type, input.Value));
        foreach (var area in form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]")) fields.Add((area.Name!, "textarea", area.Value));
        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]")) fields.Add((select.Name!, "select", select.Value ?? ""));
        return fields;
    }

    /// <summary>The path and query of a link on this site, or null for another site, a fragment or a script.</summary>
    public static string? Local(string href, string from)
    {
        if (href.StartsWith('#') || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) return null;
        var baseUri = new Uri(new Uri("https://localhost"), from);
        if (!Uri.TryCreate(baseUri, href, out var uri) || uri.Host != "localhost" || uri.Scheme != "https") return null;
        var local = uri.PathAndQuery;
        return Skipped.Any(s => local.StartsWith(s, StringComparison.OrdinalIgnoreCase)) ? null : local;
    }

    /// <summary>A URL with ids and query values left out: /jobs/{guid}?tab= is one shape whatever the id and tab.</summary>
    public static string Shape(string url)
    {
        var uri = new Uri(new Uri("https://localhost"), url);
        var segments = uri.AbsolutePath.Split('/').Select(s => Guid.TryParse(s, out _) || long.TryParse(s, out _) ? "{id}" : s.ToLowerInvariant());
        var names = System.Web.HttpUtility.ParseQueryString(uri.Query).AllKeys.Select(k => k?.ToLowerInvariant() == "handler"
            ? $"handler={System.Web.HttpUtility.ParseQueryString(uri.Query)["handler"]?.ToLowerInvariant()}" : k).Order();
        return $"{string.Join('/', segments)}?{string.Join('&', names)}";
    }
}
