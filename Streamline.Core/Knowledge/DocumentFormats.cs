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

}
