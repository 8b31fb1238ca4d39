using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using Word = DocumentFormat.OpenXml.Wordprocessing;
using WordDocument = DocumentFormat.OpenXml.Packaging.WordprocessingDocument;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Turns a stored file into paragraphs and headings in reading order. Problems with the file itself are
/// reported as <see cref="DocumentUnreadableException"/> with a reason the owner can act on.
/// </summary>
public static class TextExtractor
{
    public static IReadOnlyList<TextBlock> Extract(DocumentFormat format, byte[] bytes)
    {
        if (bytes.Length == 0) throw new DocumentUnreadableException("The file is empty.");
        var blocks = format switch
        {
            DocumentFormat.Pdf => FromPdf(bytes),
            DocumentFormat.Docx => FromDocx(bytes),
            DocumentFormat.Markdown => FromMarkdown(Decode(bytes)),
            _ => FromPlainText(Decode(bytes)),
        };
        if (blocks.Count == 0)
            throw new DocumentUnreadableException(format == DocumentFormat.Pdf
                ? "This PDF has no text layer (scanned image?). Upload a PDF with selectable text, or the text itself as a .txt or .docx file."
                : "The file has no text in it.");
        return blocks;
    }

    private static string Decode(byte[] bytes)
    {
        try
        {
            return FileContentCheck.StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw new DocumentUnreadableException("The file is not UTF-8 text. Save it with UTF-8 encoding and upload it again.", e);
        }
    }

    /// <summary>Blank lines separate paragraphs; a short line on its own without closing punctuation reads as a heading.</summary>
    internal static List<TextBlock> FromPlainText(string text)
    {
        var blocks = new List<TextBlock>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = paragraph.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0) continue;
            if (lines.Count > 1 && LooksLikeHeading(lines[0]))
            {
                blocks.Add(new TextBlock(lines[0], true));
                lines.RemoveAt(0);
            }
            var joined = string.Join(' ', lines);
            blocks.Add(new TextBlock(joined, lines.Count == 1 && LooksLikeHeading(joined)));
        }
        return blocks;
    }

    private static bool LooksLikeHeading(string line) =>
        line.Length <= 80 && !".!?;:,".Contains(line[^1]) && line.Split(' ').Length <= 10;

    private static List<TextBlock> FromMarkdown(string markdown)
    {
        var blocks = new List<TextBlock>();
        foreach (var leaf in Markdown.Parse(markdown).Descendants<LeafBlock>())
        {
            // Code, HTML and thematic breaks are markup noise for a sales assistant; headings and prose are kept.
            if (leaf is not (HeadingBlock or ParagraphBlock) || leaf.Inline is null) continue;
            var text = new StringBuilder();
            foreach (var inline in leaf.Inline.Descendants())
            {
                switch (inline)
                {
                    case LiteralInline literal: text.Append(literal.Content.ToString()); break;
                    case CodeInline code: text.Append(code.Content); break;
                    case AutolinkInline link: text.Append(link.Url); break;
                    case LineBreakInline: text.Append(' '); break;
                }
            }
            var clean = Collapse(text.ToString().Replace('|', ' '));
            if (clean.Length > 0) blocks.Add(new TextBlock(clean, leaf is HeadingBlock));
        }
        return blocks;
    }

    private static List<TextBlock> FromDocx(byte[] bytes)
    {
        try
        {
            using var word = WordDocument.Open(new MemoryStream(bytes), false);
            var body = word.MainDocumentPart?.Document?.Body
                ?? throw new DocumentUnreadableException("The file is not a valid Word document (.docx). Save it again as a Word document and upload that.");
            var blocks = new List<TextBlock>();
            foreach (var paragraph in body.Descendants<Word.Paragraph>())
            {
                var text = new StringBuilder();
                foreach (var element in paragraph.Descendants())
                {
                    if (element is Word.Text t) text.Append(t.Text);
                    else if (element is Word.TabChar or Word.Break or Word.CarriageReturn) text.Append(' ');
                }
                var clean = Collapse(text.ToString());
                if (clean.Length == 0) continue;
                var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
                var isHeading = style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) || style.Equals("Title", StringComparison.OrdinalIgnoreCase);
                blocks.Add(new TextBlock(clean, isHeading));
            }
            return blocks;
        }
        catch (Exception e) when (e is not (DocumentUnreadableException or OutOfMemoryException))
        {
            throw new DocumentUnreadableException("The file is not a valid Word document (.docx). Save it again as a Word document and upload that.", e);
        }
    }

    private static List<TextBlock> FromPdf(byte[] bytes)
    {
        var text = new StringBuilder();
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            foreach (var page in pdf.GetPages())
                text.Append(ContentOrderTextExtractor.GetText(page)).Append("\n\n");
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException e)
        {
            throw new DocumentUnreadableException("The PDF is password-protected. Save a copy without a password and upload that.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DocumentUnreadableException("The PDF is damaged and cannot be read. Export it again from the program that made it.", e);
        }
        return PdfLinesToBlocks(text.ToString());
    }

    /// <summary>
    /// PDFs have lines, not paragraphs: a blank line or a line that ends a sentence closes a paragraph (the
    /// splitter merges short ones again), and a short line without closing punctuation reads as a heading.
    /// </summary>
    private static List<TextBlock> PdfLinesToBlocks(string text)
    {
        var blocks = new List<TextBlock>();
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0) blocks.Add(new TextBlock(string.Join(' ', paragraph), false));
            paragraph.Clear();
        }
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = Collapse(raw);
            if (line.Length == 0) { Flush(); continue; }
            if (paragraph.Count == 0 && LooksLikeHeading(line))
            {
                blocks.Add(new TextBlock(line, true));
                continue;
            }
            paragraph.Add(line);
            if (".!?".Contains(line[^1])) Flush();
        }
        Flush();
        return blocks;
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
