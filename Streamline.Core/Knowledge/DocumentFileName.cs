using Streamline.Core.Formatting;

namespace Streamline.Core.Knowledge;

/// <summary>An uploaded document's name for display and for the download's Content-Disposition; never used as a path.</summary>
public static class DocumentFileName
{
    /// <summary>The column's length (KnowledgeDocumentConfiguration).</summary>
    public const int MaxLength = 255;

    public static string Sanitise(string? uploaded, string extension) => FileNames.Clean(uploaded, MaxLength, "document" + extension);
}
