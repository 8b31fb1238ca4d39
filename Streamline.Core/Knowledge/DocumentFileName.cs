namespace Streamline.Core.Knowledge;

/// <summary>Cleans an uploaded file's name for display and for the download's Content-Disposition; never used as a path.</summary>
public static class DocumentFileName
{
    /// <summary>The column's length (KnowledgeDocumentConfiguration).</summary>
    public const int MaxLength = 255;

    private static readonly char[] Forbidden = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

    public static string Sanitise(string? uploaded, string extension)
    {
        // Browsers on Windows used to send the full client path; keep only the last segment whatever the separator.
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && !Forbidden.Contains(c)).ToArray()).Trim().Trim('.').Trim();
        if (name.Length == 0 || Path.GetFileNameWithoutExtension(name).Trim().Length == 0) name = "document" + extension;
        var max = MaxLength;
        if (name.Length > max)
        {
            var ext = Path.GetExtension(name);
            name = name[..(max - ext.Length)].TrimEnd() + ext;
        }
        return name;
    }
}
