using System.Globalization;

namespace Streamline.Core.Formatting;

/// <summary>
/// The one cleaning of an uploaded file's name (knowledge documents, chat attachments, job files), for display and for
/// the download's Content-Disposition; never used as a path.
/// </summary>
public static class FileNames
{
    private static readonly char[] Forbidden = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

    /// <summary>
    /// The last segment of <paramref name="uploaded"/> without control characters, characters Windows forbids, and
    /// invisible format characters: the right-to-left override (U+202E) and the other bidi controls would let
    /// <c>invoice‮fdp.exe</c> show as <c>invoiceexe.pdf</c>. Cut to <paramref name="maxLength"/> keeping the extension;
    /// <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string Clean(string? uploaded, int maxLength, string fallback)
    {
        // Browsers on Windows used to send the full client path; keep only the last segment whatever the separator.
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(Kept).ToArray()).Trim().Trim('.').Trim();
        if (name.Length == 0 || Path.GetFileNameWithoutExtension(name).Trim().Length == 0) name = fallback;
        if (name.Length > maxLength)
        {
            var extension = Path.GetExtension(name);
            name = extension.Length < maxLength ? name[..(maxLength - extension.Length)].TrimEnd() + extension : name[..maxLength];
        }
        return name;
    }

    private static bool Kept(char c) =>
        !char.IsControl(c) && !Forbidden.Contains(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format;
}
