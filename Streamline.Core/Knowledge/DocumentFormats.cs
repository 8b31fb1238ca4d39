using System.Globalization;

namespace Streamline.Core.Knowledge;

public static class DocumentFormats
{
    public static readonly IReadOnlyDictionary<string, DocumentFormat> ByExtension = new Dictionary<string, DocumentFormat>(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = DocumentFormat.Text,
        [".md"] = DocumentFormat.Markdown,
        [".markdown"] = DocumentFormat.Markdown,
        [".pdf"] = DocumentFormat.Pdf,
        [".docx"] = DocumentFormat.Docx,
    };

    /// <summary>For the file input's accept attribute.</summary>
    public const string Accept = ".txt,.md,.markdown,.pdf,.docx";

    public static string Label(DocumentFormat format) => format switch
    {
        DocumentFormat.Text => "Text",
        DocumentFormat.Markdown => "Markdown",
        DocumentFormat.Pdf => "PDF",
        DocumentFormat.Docx => "Word",
        _ => format.ToString(),
    };

    public static string ContentType(DocumentFormat format) => format switch
    {
        DocumentFormat.Text => "text/plain; charset=utf-8",
        DocumentFormat.Markdown => "text/markdown; charset=utf-8",
        DocumentFormat.Pdf => "application/pdf",
        DocumentFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    };

    /// <summary>10485760 → "10 MB", 1536 → "1.5 KB".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => $"{bytes} bytes",
    };
}
