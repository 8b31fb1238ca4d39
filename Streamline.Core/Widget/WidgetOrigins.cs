namespace Streamline.Core.Widget;

/// <summary>
/// The websites allowed to embed the widget, typed one per line. Each must be an exact origin
/// (scheme://host[:port]): browsers compare origins exactly, so a path, a wildcard or "null" would
/// either never match or match far more than the owner meant.
/// </summary>
public static class WidgetOrigins
{
    public const int MaxOrigins = 20;
    public const int MaxLength = 200;

    public sealed record Parsed(List<string> Origins, List<string> Errors);

    public static Parsed Parse(string? text)
    {
        var origins = new List<string>();
        var errors = new List<string>();
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var (origin, error) = Normalise(line);
            if (error is not null) errors.Add($"Line {i + 1} (\"{Shorten(line)}\"): {error}");
            else if (!origins.Contains(origin!)) origins.Add(origin!);
        }
        if (origins.Count > MaxOrigins) errors.Add($"List at most {MaxOrigins} websites.");
        return new Parsed(origins, errors);
    }

    /// <summary>Lower-case scheme and host, no trailing slash, default ports dropped (as browsers send the Origin header).</summary>
    public static (string? Origin, string? Error) Normalise(string text)
    {
        if (text.Length > MaxLength) return (null, $"keep each website under {MaxLength} characters.");
        if (text.Contains('*')) return (null, "wildcards are not allowed; list each website separately.");
        if (text.Equals("null", StringComparison.OrdinalIgnoreCase))
            return (null, "\"null\" is what sandboxed and file pages send; it cannot identify your website.");
        if (!text.Contains("://", StringComparison.Ordinal))
            return (null, "start with https:// (or http://), as in https://www.example.com.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || text.Any(char.IsWhiteSpace))
            return (null, "this is not a valid web address.");
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return (null, "only http:// and https:// websites can embed the widget.");
        if (uri.UserInfo.Length > 0) return (null, "remove the user name and password.");
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.EndsWith("//", StringComparison.Ordinal))
            return (null, $"use only the site's origin, without a path or query: {uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()}");
        return (uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant(), null);
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "…";
}
