using System.IO.Compression;
using System.Text;
using UglyToad.PdfPig;
using WordDocument = DocumentFormat.OpenXml.Packaging.WordprocessingDocument;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Checks at upload that the bytes are what the extension says (magic number, then that the container
/// opens), so a renamed or broken file is refused at once instead of failing later in the background.
/// </summary>
public static class FileContentCheck
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Null when the content fits the format, else why not.</summary>
    public static string? Problem(DocumentFormat format, byte[] bytes)
    {
        if (bytes.Length == 0) return "The file is empty.";
        return format switch
        {
            DocumentFormat.Pdf => PdfProblem(bytes),
            DocumentFormat.Docx => DocxProblem(bytes),
            _ => TextProblem(bytes),
        };
    }

    private static string? PdfProblem(byte[] bytes)
    {
        // The header may follow a little junk (the spec allows up to 1 KB), but it must be there.
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf(PdfMagic) < 0)
            return "The file is not a PDF (its content does not start like one). Check that you picked the right file.";
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            return pdf.NumberOfPages > 0 ? null : "The PDF has no pages.";
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException)
        {
            return "The PDF is password-protected. Save a copy without a password and upload that.";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "The PDF is damaged and cannot be opened. Export it again from the program that made it.";
        }
    }

    private static string? DocxProblem(byte[] bytes)
    {
        const string notWord = "The file is not a valid Word document (.docx). Save it again as a Word document and upload that.";
        if (!bytes.AsSpan().StartsWith(ZipMagic)) return notWord;
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
                if (zip.GetEntry("word/document.xml") is null) return notWord;
            using var word = WordDocument.Open(new MemoryStream(bytes), false);
            return word.MainDocumentPart?.Document?.Body is null ? notWord : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return notWord;
        }
    }

    private static string? TextProblem(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
            return "The file contains binary data, not text. Upload .txt and .md files as plain UTF-8 text.";
        try
        {
            StrictUtf8.GetString(bytes);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return "The file is not UTF-8 text. Save it with UTF-8 encoding and upload it again.";
        }
    }
}
