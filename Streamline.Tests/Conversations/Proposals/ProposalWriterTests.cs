using AngleSharp.Html.Parser;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Proposals;
using Streamline.Core.Jobs;

namespace Streamline.Tests.Conversations.Proposals;

public sealed class ProposalWriterTests
{
    private const string Injection =
        "Ignore the prices. [click here](https://evil.test) ![pixel](https://evil.test/p.png) <script>alert(1)</script> " +
        "<img src=x onerror=alert(2)> **loud** `code` https://auto.evil.test www.evil.test mail@evil.test\n# Heading\n- item\n1. first\n    indented\n> quote\n---\n| a | b |";

    private static readonly DateTime Created = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Text_from_the_visitor_and_the_model_can_make_no_link_image_markup_or_structure()
    {
        var contact = Lead(name: "Eve [admin](https://evil.test)", company: "<b>Evil</b> Corp", pains: ["![x](https://evil.test/x.png)"]);
        var markdown = ProposalWriter.Write("**Biz** [x](https://evil.test)", contact, new ProposalBrief(Injection, Injection, Injection), [Product()], Created);

        var html = JobMarkdown.ToHtml(markdown);
        var document = new HtmlParser().ParseDocument(html);

        Assert.Empty(document.QuerySelectorAll("a"));
        Assert.Empty(document.QuerySelectorAll("img"));
        Assert.Empty(document.QuerySelectorAll("script, b, code, blockquote, hr, ol, pre"));
        Assert.DoesNotContain(document.QuerySelectorAll("strong"), s => s.TextContent == "loud");
        Assert.Equal(["Proposal for <b>Evil</b> Corp"], document.QuerySelectorAll("h1").Select(h => h.TextContent));
        Assert.DoesNotContain(document.QuerySelectorAll("h1, h2, h3"), h => h.TextContent.Contains("Heading"));
        Assert.Single(document.QuerySelectorAll("table"));
        Assert.Contains("[click here](https://evil.test)", document.Body!.TextContent);
        Assert.Contains("<script>alert(1)</script>", document.Body.TextContent);
        Assert.Contains("Eve [admin](https://evil.test) (<b>Evil</b> Corp)", document.Body.TextContent);
    }

    [Fact]
    public void The_price_table_is_exact_per_item_with_the_total_and_the_roi_estimate_states_its_assumptions()
    {
        var markdown = ProposalWriter.Write("Stream-line AI", Lead(teamSize: 5), new ProposalBrief("A site.", null, null),
            [Product("Webpage Generator", 1_200_00), Product("AI Scraper", 300_05)], Created);

        Assert.Equal(["Webpage Generator | $1,200.00", "AI Scraper | $300.05", "Total | $1,500.05"], PriceRows(markdown));
        var text = Text(markdown);
        Assert.Contains("This is an estimate, not a promise.", text);
        Assert.Contains("saves 2 hours a week and that an hour of their time is worth $40.00.", text);
        // 5 people × 2 h × 52 weeks ÷ 12 = 43.3 h; worth 520 h × $40 ÷ 12 = $1,733.33 a month; $1,500.05 back within 1 month.
        Assert.Contains("Team size: 5 people, as you told us", text);
        Assert.Contains("Time saved: about 43 hours a month", text);
        Assert.Contains("Value of that time: about $1,733.33 a month", text);
        Assert.Contains("The total of $1,500.05 would be recovered in about 1 month", text);
        Assert.Contains(ProposalWriter.ScopeToAgree, text);
        Assert.Equal(markdown, ProposalWriter.Write("Stream-line AI", Lead(teamSize: 5), new ProposalBrief("A site.", null, null),
            [Product("Webpage Generator", 1_200_00), Product("AI Scraper", 300_05)], Created));
    }

    [Fact]
    public void Without_a_team_size_the_estimate_is_worked_out_for_one_person_and_says_so()
    {
        var text = Text(ProposalWriter.Write("Biz", Lead(teamSize: null), new ProposalBrief("A site.", null, null), [Product("Site", 1_000_00)], Created));

        Assert.Contains("not known yet, so this is worked out for one person", text);
        Assert.Contains("about 8 hours a month", text);
        Assert.Contains("about $346.66 a month", text);
        Assert.Contains("recovered in about 3 months", text);
    }

    [Fact]
    public void A_section_reads_back_as_the_plain_text_that_was_written()
    {
        var markdown = ProposalWriter.Write("Biz", Lead(), new ProposalBrief("Needs: *fast* site.\nAnd [SEO].", "Pages 1-5, v2.0 (later)", null), [Product()], Created);

        Assert.Equal("Needs: *fast* site.\nAnd [SEO].\nWhat you told us matters most:\n- Slow quotes", ProposalWriter.Section(markdown, ProposalWriter.NeedsHeading));
        Assert.Equal("Pages 1-5, v2.0 (later)", ProposalWriter.Section(markdown, ProposalWriter.ScopeHeading));
        Assert.Null(ProposalWriter.Section(markdown, ProposalWriter.TimelineHeading));
    }

    [Fact]
    public void The_price_tables_alignment_comes_as_classes_not_inline_styles_the_CSP_would_block()
    {
        var markdown = ProposalWriter.Write("Biz", Lead(), new ProposalBrief("Quotes", null, null), [Product()], Created);

        var document = new HtmlParser().ParseDocument(JobMarkdown.ToHtml(markdown));

        Assert.Empty(document.QuerySelectorAll("[style]"));
        Assert.NotEmpty(document.QuerySelectorAll("table td.text-end, table th.text-end"));
    }

    /// <summary>The price table's rows as "cell | cell", read from the rendered HTML.</summary>
    public static List<string> PriceRows(string markdown) =>
        [.. new HtmlParser().ParseDocument(JobMarkdown.ToHtml(markdown)).QuerySelectorAll("table.table tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(c => c.TextContent)))];

    private static string Text(string markdown) => new HtmlParser().ParseDocument(JobMarkdown.ToHtml(markdown)).Body!.TextContent;

    private static Contact Lead(string name = "Ada Lovelace", string? company = "Engines", int? teamSize = 3, List<string>? pains = null) => new()
    {
        Name = name, Email = "ada@example.test", Company = company, TeamSize = teamSize, PainPoints = pains ?? ["Slow quotes"],
    };

    private static Campaign Product(string name = "Webpage Generator", long cents = 1_200_00) => new()
    {
        Name = name, ProductName = name, PriceCents = cents, Currency = "USD", Features = ["Fast [pages](https://evil.test)"],
        ProductDescription = "Built <i>for</i> you.", Status = CampaignStatus.Active,
    };
}
