using AngleSharp.Html.Parser;
using Streamline.Core.Automation.Webpage;
using Streamline.Core.Campaigns;
using Streamline.Core.Onboarding;

namespace Streamline.Tests.Automation;

public sealed class WebpageBuilderTests
{
    /// <summary>Strict mode throws at the first parse error, so a page that parses is valid HTML as a browser reads it.</summary>
    private static readonly HtmlParser Strict = new(new HtmlParserOptions { IsStrictMode = true });

    private static WebpageContent Content(string name = "Harbour Bakery", string? cta = "https://harbour.example/order", string? key = "wk_123") => new(
        new BusinessProfile
        {
            BusinessName = name, Industry = "Bakery", Description = "Sourdough & pastries, baked at dawn.", TargetAudience = "cafés and families",
            Phone = "+44 20 7946 0000", Website = "https://harbour.example",
        },
        [
            new Campaign
            {
                Name = "Bread club", Status = CampaignStatus.Active, ProductName = "Bread club", ProductDescription = "A loaf a week.",
                PriceCents = 1_500, Currency = "USD", Features = ["Free delivery", "Pause any time"], CallToActionUrl = cta,
            },
        ],
        key is null ? null : "https://app.example/widget.js", key, "#0F766E", null, 2026);

    [Fact]
    public void The_page_is_valid_html_with_landmarks_offers_and_the_widget_as_its_only_script()
    {
        var page = Strict.ParseDocument(WebpageBuilder.Build(Content()));

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector("meta[name=viewport]"));
        Assert.Equal("Harbour Bakery", page.QuerySelector("header h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("main"));
        Assert.NotNull(page.QuerySelector("footer"));
        Assert.Equal(["About us", "What we offer", "Contact"], page.QuerySelectorAll("main h2").Select(h => h.TextContent));
        var offer = page.QuerySelector(".offer")!;
        Assert.Equal("Bread club", offer.QuerySelector("h3")!.TextContent);
        Assert.Contains("$15.00", offer.QuerySelector(".price")!.TextContent);
        Assert.Equal("https://harbour.example/order", offer.QuerySelector("a.button")!.GetAttribute("href"));
        Assert.Equal("tel:+442079460000", page.QuerySelector("a[href^='tel:']")!.GetAttribute("href"));

        var script = Assert.Single(page.QuerySelectorAll("script"));
        Assert.Equal(("https://app.example/widget.js", "wk_123"), (script.GetAttribute("src"), script.GetAttribute("data-key")));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.Ordinal));
    }

    [Fact]
    public void What_a_customer_typed_stays_text_and_only_web_addresses_become_links()
    {
        var html = WebpageBuilder.Build(Content(name: "<script>alert(1)</script><img src=x onerror=alert(2)>", cta: "javascript:alert(3)", key: null));
        var page = Strict.ParseDocument(html);

        Assert.Equal("<script>alert(1)</script><img src=x onerror=alert(2)>", page.QuerySelector("h1")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("img"));
        Assert.Null(page.QuerySelector(".offer a"));
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.Ordinal));
    }
}
