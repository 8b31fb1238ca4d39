using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations.Proposals;
using Streamline.Core.Onboarding;

namespace Streamline.Core.Automation.Webpage;

/// <summary>What the one-page site is made from.</summary>
public sealed record WebpageContent(BusinessProfile Profile, IReadOnlyList<Campaign> Campaigns, string? WidgetScriptUrl, string? WidgetKey,
    string? BrandColor, string? Headline, int Year);

/// <summary>
/// Writes a one-page site as HTML text: every value is HTML-encoded, links are kept only when http, https or tel, and
/// the only script is the chat widget's snippet, so nothing a customer typed can run in a visitor's browser.
/// Responsive (one column, a grid from tablet width), with landmarks, ordered headings and the page's language.
/// </summary>
public static partial class WebpageBuilder
{
    public static string Build(WebpageContent site)
    {
        var p = site.Profile;
        var name = p.BusinessName is { Length: > 0 } n ? n : "Our business";
        var color = site.BrandColor is { } c && HexColor().IsMatch(c) ? c : "#4F46E5";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(name)).Append("</title>\n");
        if (p.Description is { Length: > 0 } description)
            html.Append("<meta name=\"description\" content=\"").Append(E(Clip(description, 160))).Append("\">\n");
        html.Append("<style>\n").Append(Css.Replace("BRAND", color, StringComparison.Ordinal)).Append("</style>\n</head>\n<body>\n");

        html.Append("<header class=\"hero\">\n<h1>").Append(E(name)).Append("</h1>\n");
        var tagline = site.Headline is { Length: > 0 } h ? h : p.Industry;
        if (tagline is { Length: > 0 }) html.Append("<p class=\"tagline\">").Append(E(tagline)).Append("</p>\n");
        html.Append("</header>\n<main>\n");

        if (p.Description is { Length: > 0 } || p.TargetAudience is { Length: > 0 })
        {
            html.Append("<section aria-labelledby=\"about\">\n<h2 id=\"about\">About us</h2>\n");
            foreach (var paragraph in new[] { p.Description, p.TargetAudience is { Length: > 0 } a ? $"We work with {a}." : null })
                if (paragraph is { Length: > 0 }) html.Append("<p>").Append(E(paragraph)).Append("</p>\n");
            html.Append("</section>\n");
        }

        if (site.Campaigns.Count > 0)
        {
            html.Append("<section aria-labelledby=\"offers\">\n<h2 id=\"offers\">What we offer</h2>\n<ul class=\"offers\">\n");
            foreach (var campaign in site.Campaigns)
            {
                var product = campaign.ProductName is { Length: > 0 } pn ? pn : campaign.Name;
                html.Append("<li class=\"offer\">\n<h3>").Append(E(product)).Append("</h3>\n");
                if (campaign.ProductDescription is { Length: > 0 } pd) html.Append("<p>").Append(E(pd)).Append("</p>\n");
                if (campaign.Features.Count > 0)
                {
                    html.Append("<ul class=\"features\">\n");
                    foreach (var feature in campaign.Features.Where(f => f.Length > 0)) html.Append("<li>").Append(E(feature)).Append("</li>\n");
                    html.Append("</ul>\n");
                }
                if (campaign.PriceCents > 0) html.Append("<p class=\"price\">").Append(E(ProposalWriter.Price(campaign.PriceCents, campaign.Currency))).Append("</p>\n");
                if (SafeLink(campaign.CallToActionUrl) is { } cta)
                    html.Append("<p><a class=\"button\" href=\"").Append(E(cta)).Append("\">Get ").Append(E(product)).Append("</a></p>\n");
                html.Append("</li>\n");
            }
            html.Append("</ul>\n</section>\n");
        }

        var website = SafeLink(p.Website);
        if (p.Phone is { Length: > 0 } || website is not null)
        {
            html.Append("<section aria-labelledby=\"contact\">\n<h2 id=\"contact\">Contact</h2>\n<ul class=\"contact\">\n");
            if (p.Phone is { Length: > 0 } phone)
                html.Append("<li>Phone: <a href=\"tel:").Append(E(PhoneDigits().Replace(phone, ""))).Append("\">").Append(E(phone)).Append("</a></li>\n");
            if (website is not null) html.Append("<li>Web: <a href=\"").Append(E(website)).Append("\">").Append(E(website)).Append("</a></li>\n");
            html.Append("</ul>\n");
            if (site.WidgetKey is not null) html.Append("<p>Or chat with us: the button in the corner answers straight away.</p>\n");
            html.Append("</section>\n");
        }

        html.Append("</main>\n<footer>\n<p>© ").Append(site.Year).Append(' ').Append(E(name)).Append("</p>\n</footer>\n");
        if (site.WidgetScriptUrl is { } script && site.WidgetKey is { } key)
            html.Append("<script src=\"").Append(E(script)).Append("\" data-key=\"").Append(E(key)).Append("\" async></script>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>Only web addresses become links: a javascript: or data: URL typed into a profile must never be clickable.</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u.ToString() : null;

    private const string Css = """
        *,*::before,*::after{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.6;color:#1f2937;background:#fff}
        .hero{background:BRAND;color:#fff;padding:4rem 1.5rem;text-align:center}
        .hero h1{margin:0 0 .5rem;font-size:clamp(2rem,5vw,3rem)}
        .tagline{margin:0;font-size:1.25rem}
        main{max-width:64rem;margin:0 auto;padding:2rem 1.5rem}
        section{margin-bottom:3rem}
        h2{font-size:1.75rem}
        .offers{list-style:none;padding:0;display:grid;gap:1.5rem}
        @media (min-width:48rem){.offers{grid-template-columns:repeat(2,1fr)}}
        .offer{border:1px solid #e5e7eb;border-radius:.75rem;padding:1.5rem}
        .price{font-weight:700;font-size:1.25rem}
        .button{display:inline-block;background:BRAND;color:#fff;padding:.75rem 1.25rem;border-radius:.5rem;text-decoration:none}
        .button:focus-visible,a:focus-visible{outline:3px solid #111827;outline-offset:2px}
        footer{text-align:center;padding:2rem;color:#4b5563;border-top:1px solid #e5e7eb}

        """;

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();

    [GeneratedRegex("[^0-9+]")]
    private static partial Regex PhoneDigits();
}

/// <summary>The page as the run's preview frame shows it.</summary>
public static class WebpagePreview
{
    /// <summary>
    /// Without its scripts: the frame is sandboxed, so the widget could not run there anyway, and a browser would
    /// report the blocked script as an error on the run's page.
    /// </summary>
    public static string WithoutScripts(string html)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var script in page.QuerySelectorAll("script").ToList()) script.Remove();
        return "<!DOCTYPE html>\n" + page.DocumentElement.OuterHtml;
    }
}
