using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Streamline.Tests.Knowledge;

/// <summary>Small real files of each format, made in the test so nothing binary is checked in.</summary>
public static class KnowledgeFiles
{
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "Knowledge", "TestData", name);

    /// <summary>A one-page PDF with a text layer: each line drawn as text.</summary>
    public static byte[] Pdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        var y = 780.0;
        foreach (var line in lines)
        {
            page.AddText(line, 11, new PdfPoint(50, y), font);
            y -= 18;
        }
        return builder.Build();
    }

    /// <summary>What a scanner produces, as far as text goes: a page with a drawing and no text.</summary>
    public static byte[] PdfWithoutText()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        page.DrawRectangle(new PdfPoint(50, 50), 200, 300);
        return builder.Build();
    }

    /// <summary>A Word document; lines starting with "# " become Heading 1 paragraphs.</summary>
    public static byte[] Docx(params string[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(Paragraph)));
        }
        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text)
    {
        var isHeading = text.StartsWith("# ", StringComparison.Ordinal);
        var paragraph = new Paragraph(new Run(new Text(isHeading ? text[2..] : text) { Space = SpaceProcessingModeValues.Preserve }));
        if (isHeading) paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }));
        return paragraph;
    }

    /// <summary>A valid ZIP that is not a Word document (no word/document.xml).</summary>
    public static byte[] ZipWithoutWordDocument()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("notes.txt").Open());
            entry.Write("not a word document");
        }
        return stream.ToArray();
    }
}
