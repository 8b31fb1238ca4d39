using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Email;

namespace Streamline.Tests.Support;

/// <summary>A browser-like HTTP client for one user: keeps cookies, scrapes antiforgery tokens from forms.</summary>
public sealed partial class AppClient(StreamlineApp app, HttpClient http) : IDisposable
{
    public const string Password = "correct horse battery";
    public HttpClient Http => http;

    public async Task<IHtmlDocument> GetDocumentAsync(string url)
    {
        var response = await http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>Fills the page's post form the way a browser would, including its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IDictionary<string, string> fields, string? action = null)
    {
        var page = await GetDocumentAsync(pageUrl);
        // The page's own forms come first; the layout's (switch workspace, log out) only when asked for by action.
        var form = page.QuerySelectorAll<IHtmlFormElement>("main form[method=post]")
            .Concat(page.QuerySelectorAll<IHtmlFormElement>("form[method=post]"))
            .First(f => action is null || (f.GetAttribute("action") ?? "").StartsWith(action, StringComparison.OrdinalIgnoreCase));
        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
            values[input.Name!] = input.Value;
        foreach (var (key, value) in fields) values[key] = value;
        var target = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return await http.PostAsync(target, new FormUrlEncodedContent(values));
    }

    public async Task<string> AntiforgeryTokenAsync(string pageUrl)
    {
        var page = await GetDocumentAsync(pageUrl);
        return page.QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!;
    }

    public Task<HttpResponseMessage> RegisterAsync(string email, string name = "Test Person", string? workspace = null) =>
        PostFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Email"] = email, ["Input.WorkspaceName"] = workspace ?? "",
            ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password,
        });

    public Task<HttpResponseMessage> LoginAsync(string email, string password = Password) =>
        PostFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password,
        });

    /// <summary>Follows the confirmation link of the newest confirmation mail for the address.</summary>
    public async Task<HttpResponseMessage> ConfirmFromOutboxAsync(string email)
    {
        await using var db = app.Database.NewContext();
        var mail = await db.EmailMessages.Where(m => m.To == email && m.Template == "confirm-email")
            .OrderByDescending(m => m.CreatedAt).FirstAsync();
        return await http.GetAsync(PathOf(ConfirmLink(mail.TextBody)));
    }

    public static string ConfirmLink(string text) => LinkTo("ConfirmEmail", text);

    public static string LinkTo(string pathPart, string text) =>
        Link().Matches(text).Select(m => m.Value).First(u => u.Contains(pathPart, StringComparison.Ordinal));

    public static string PathOf(string url) => new Uri(url).PathAndQuery;

    /// <summary>Registers, confirms and logs in a new user with their own workspace.</summary>
    public static async Task<(AppClient Client, string Email)> SignedInUserAsync(StreamlineApp app, string? workspace = null)
    {
        var client = app.NewClient();
        var email = $"user-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email, workspace: workspace)).EnsureRedirect();
        (await client.ConfirmFromOutboxAsync(email)).EnsureSuccessStatusCode();
        (await client.LoginAsync(email)).EnsureRedirect("/app");
        return (client, email);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex(@"https?://[^\s)>\]]+")]
    private static partial Regex Link();
}

public static class ResponseAssertions
{
    public static HttpResponseMessage EnsureRedirect(this HttpResponseMessage response, string? to = null)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect, got {(int)response.StatusCode}: {Snippet(response)}");
        if (to is not null) Assert.StartsWith(to, response.Headers.Location!.OriginalString);
        return response;
    }

    private static string Snippet(HttpResponseMessage response)
    {
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var errors = Regex.Matches(body, "(?s)<(?:span|div)[^>]*(?:text-danger|alert-danger)[^>]*>(.*?)</(?:span|div)>")
            .Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", " ").Trim()).Where(s => s.Length > 0);
        return string.Join(" | ", errors) is { Length: > 0 } e ? e : body[..Math.Min(body.Length, 300)];
    }
}
