using System.Globalization;

namespace Streamline.Core.Formatting;

/// <summary>A count with its noun in the right number: "1 file", "2 files", "0 entries".</summary>
public static class Plural
{
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
