using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Streamline.Core.Campaigns;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Conversations.Proposals;

/// <summary>
/// Writes a proposal's Markdown: the lead's needs, the recommended products with their features, scope, timeline,
/// the exact price table and a clearly labelled ROI estimate. Every piece of text that did not come from this class
/// (what the visitor said, what the model wrote, even the campaign texts) is escaped, so none of it can become a
/// link, an image, a heading or markup.
/// </summary>
public static partial class ProposalWriter
{
    public const string NeedsHeading = "Your needs";
    public const string ScopeHeading = "Scope";
    public const string TimelineHeading = "Timeline";

    /// <summary>The ROI estimate's stated assumptions: a planning figure, said in the text, never a promise.</summary>
    public const int HoursSavedPerPersonPerWeek = 2;

    /// <summary>What an hour of the lead's team's time is taken to be worth, in the proposal's currency's cents.</summary>
    public const long HourValueCents = 40_00;

    public const string ScopeToAgree = "To be agreed together at the kick-off, within the products above.";
    public const string TimelineToAgree = "To be agreed together at the kick-off.";

    private static readonly MarkdownPipeline Reader = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string Write(string businessName, Contact contact, ProposalBrief brief, IReadOnlyList<Campaign> products, DateTime createdAt)
    {
        var currency = products[0].Currency;
        var total = products.Sum(p => p.PriceCents);
        var md = new StringBuilder();
        var lead = contact.Company is { } company ? $"{contact.Name} ({company})" : contact.Name!;
        md.Append("# Proposal for ").AppendLine(Inline(contact.Company ?? contact.Name!)).AppendLine();
        md.Append("Prepared by **").Append(Inline(businessName)).Append("** for ").Append(Inline(lead)).Append(" on ")
            .Append(createdAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).AppendLine(".").AppendLine();

        Heading(md, NeedsHeading);
        md.AppendLine(Paragraphs(brief.Needs)).AppendLine();
        if (contact.PainPoints.Count > 0)
        {
            md.AppendLine("What you told us matters most:").AppendLine();
            foreach (var pain in contact.PainPoints) md.Append("- ").AppendLine(Inline(pain));
            md.AppendLine();
        }

        Heading(md, "What we recommend");
        foreach (var product in products)
        {
            md.Append("### ").AppendLine(Inline(NameOf(product))).AppendLine();
            if (!string.IsNullOrWhiteSpace(product.ProductDescription)) md.AppendLine(Paragraphs(product.ProductDescription)).AppendLine();
            foreach (var feature in product.Features) md.Append("- ").AppendLine(Inline(feature));
            if (product.Features.Count > 0) md.AppendLine();
        }

        Heading(md, ScopeHeading);
        md.AppendLine(string.IsNullOrWhiteSpace(brief.Scope) ? ScopeToAgree : Paragraphs(brief.Scope)).AppendLine();
        Heading(md, TimelineHeading);
        md.AppendLine(string.IsNullOrWhiteSpace(brief.Timeline) ? TimelineToAgree : Paragraphs(brief.Timeline)).AppendLine();

        Heading(md, "Price");
        md.AppendLine("| Item | Price |").AppendLine("| --- | ---: |");
        foreach (var product in products)
            md.Append("| ").Append(Inline(NameOf(product))).Append(" | ").Append(Inline(Price(product.PriceCents, currency))).AppendLine(" |");
        md.Append("| **Total** | **").Append(Inline(Price(total, currency))).AppendLine("** |").AppendLine();

        Roi(md, contact.TeamSize, total, currency);
        return md.ToString();
    }

    /// <summary>The name a product is sold under: its product name, or the campaign's when it has none.</summary>
    public static string NameOf(Campaign campaign) =>
        string.IsNullOrWhiteSpace(campaign.ProductName) ? campaign.Name : campaign.ProductName.Trim();

    public static string Price(long cents, string currency) => KnowledgeAssembler.Price(cents, currency);

    /// <summary>
    /// Hours and money in integers only: the hours saved a month are team × hours a week × 52 ÷ 12, rounded down,
    /// so the same lead always gets the same figures.
    /// </summary>
    private static void Roi(StringBuilder md, int? teamSize, long total, string currency)
    {
        Heading(md, "Return on investment (an estimate)");
        var team = Math.Max(1, teamSize ?? 1);
        var hoursPerYear = (long)team * HoursSavedPerPersonPerWeek * 52;
        var hoursPerMonth = hoursPerYear / 12;
        var valuePerMonth = hoursPerYear * HourValueCents / 12;
        md.Append("This is an estimate, not a promise. It assumes that each person on your team saves ")
            .Append(HoursSavedPerPersonPerWeek).Append(" hours a week and that an hour of their time is worth ")
            .Append(Inline(Price(HourValueCents, currency))).AppendLine(". Tell us your own figures and we will work it out again.").AppendLine();
        md.AppendLine(teamSize is > 0
            ? $"- Team size: {team.ToString("N0", CultureInfo.InvariantCulture)} {(team == 1 ? "person" : "people")}, as you told us"
            : "- Team size: not known yet, so this is worked out for one person");
        md.Append("- Time saved: about ").Append(hoursPerMonth.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" hours a month");
        md.Append("- Value of that time: about ").Append(Inline(Price(valuePerMonth, currency))).AppendLine(" a month");
        if (valuePerMonth > 0)
        {
            var months = (total + valuePerMonth - 1) / valuePerMonth;
            md.Append("- The total of ").Append(Inline(Price(total, currency))).Append(" would be recovered in about ")
                .Append(months.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(months == 1 ? " month" : " months");
        }
        md.AppendLine();
    }

    private static void Heading(StringBuilder md, string text) => md.Append("## ").AppendLine(text).AppendLine();

    /// <summary>One line of someone else's text, every Markdown character escaped.</summary>
    public static string Inline(string text) => Escape(string.Join(' ', Lines(text)));

    /// <summary>
    /// Someone else's text as paragraphs: blank lines separate them, single line breaks are kept as hard breaks,
    /// each line trimmed (so indentation cannot open a code block) and escaped.
    /// </summary>
    public static string Paragraphs(string text)
    {
        var paragraphs = BlankLine().Split(text.Replace("\r", ""))
            .Select(p => string.Join("\\\n", Lines(p).Select(Escape)))
            .Where(p => p.Length > 0);
        return string.Join("\n\n", paragraphs);
    }

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLine();

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    // Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all that can start
    // markup (and ':' '@' '.' so that no URL or address is auto-linked) leaves plain text only.
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                if (c == '\t') sb.Append(' ');
                continue;
            }
            if (char.IsAscii(c) && (char.IsPunctuation(c) || char.IsSymbol(c))) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The plain text under one "## heading" of a proposal this class wrote, escapes undone: a job made from an
    /// accepted proposal takes its needs, scope and timeline from here. Null when the section is missing or was
    /// left "to be agreed".
    /// </summary>
    public static string? Section(string markdown, string heading)
    {
        var lines = new List<string>();
        var inside = false;
        foreach (var block in Markdown.Parse(markdown, Reader))
        {
            if (block is HeadingBlock { Level: <= 2 } h)
            {
                if (inside) break;
                inside = h.Level == 2 && Text(h.Inline) == heading;
                continue;
            }
            if (!inside) continue;
            if (block is ParagraphBlock paragraph) lines.Add(Text(paragraph.Inline));
            else if (block is ListBlock list)
                lines.AddRange(list.OfType<ListItemBlock>().SelectMany(i => i.OfType<ParagraphBlock>()).Select(p => "- " + Text(p.Inline)));
        }
        var text = string.Join("\n", lines).Trim();
        return text.Length == 0 || text == ScopeToAgree || text == TimelineToAgree ? null : text;
    }

    private static string Text(ContainerInline? inline)
    {
        var sb = new StringBuilder();
        foreach (var child in inline ?? [])
        {
            switch (child)
            {
                case LiteralInline literal: sb.Append(literal.Content); break;
                case CodeInline code: sb.Append(code.Content); break;
                case LineBreakInline: sb.Append('\n'); break;
                case ContainerInline container: sb.Append(Text(container)); break;
            }
        }
        return sb.ToString();
    }
}
