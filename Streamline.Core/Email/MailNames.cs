using System.Text.RegularExpressions;

namespace Streamline.Core.Email;

/// <summary>
/// A name someone chose, as a mail shows it: without web addresses or domain names, which mail programs would turn
/// into links (an invitation from "Claim your refund at evil.example"), on one line and cut to <see cref="MaxLength"/>.
/// </summary>
public static partial class MailNames
{
    public const int MaxLength = 60;

    public static string Clean(string name)
    {
        var text = Address().Replace(name, " ");
        text = Spaces().Replace(text, " ").Trim();
        if (text.Length > MaxLength) text = text[..(MaxLength - 1)].TrimEnd() + "\u2026";
        return text.Length > 0 ? text : "(name not shown)";
    }

    // A scheme or www. address, or a bare domain (letters, digits or hyphens, dot, a top-level label of two or more letters).
    [GeneratedRegex(@"(?i)\b[a-z][a-z0-9+.-]*://\S*|\b(?:mailto|javascript|data|tel):\S*|\bwww\.\S*|\S*\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}\b\S*")]
    private static partial Regex Address();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
