using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Streamline.Core.Jobs;

/// <summary>
/// Markdown from comments and proposals to HTML that is safe to show to the other side: no raw HTML, only web and
/// mail links; pipe tables (a proposal's price table) get the site's table style.
/// </summary>
public static class JobMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UsePipeTables().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        // DisableHtml keeps tags out, but a link may still say javascript:; such links lose their target.
        foreach (var link in document.Descendants<LinkInline>())
            if (!IsSafe(link.Url)) link.Url = "#";
        foreach (var table in document.Descendants<Table>())
        {
            table.GetAttributes().AddClass("table table-sm");
            AlignWithClasses(table);
        }
        return document.ToHtml(Pipeline);
    }

    /// <summary>
    /// Markdig writes a column's alignment as an inline <c>style</c>, which our CSP blocks (and reports); the same
    /// alignment as Bootstrap classes, with the inline style no longer written.
    /// </summary>
    private static void AlignWithClasses(Table table)
    {
        var classes = table.ColumnDefinitions.Select(c => c.Alignment switch
        {
            TableColumnAlign.Right => "text-end",
            TableColumnAlign.Center => "text-center",
            _ => null,
        }).ToList();
        foreach (var row in table.OfType<TableRow>())
            foreach (var cell in row.OfType<TableCell>())
            {
                var index = cell.ColumnIndex >= 0 ? cell.ColumnIndex : row.IndexOf(cell);
                if (index < classes.Count && classes[index] is { } align) cell.GetAttributes().AddClass(align);
            }
        foreach (var column in table.ColumnDefinitions) column.Alignment = null;
    }

    private static bool IsSafe(string? url) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase));
}
