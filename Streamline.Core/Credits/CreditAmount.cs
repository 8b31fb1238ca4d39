using System.Globalization;
using System.Text.RegularExpressions;

namespace Streamline.Core.Credits;

public static partial class CreditAmount
{
    /// <summary>Integer millicredits as credits with three decimals, e.g. 12345 → "12.345"; no floating point on the way.</summary>
    public static string Format(long millicredits)
    {
        // Unsigned so that long.MinValue has a magnitude too.
        var magnitude = millicredits < 0 ? (ulong)(-(millicredits + 1)) + 1 : (ulong)millicredits;
        return $"{(millicredits < 0 ? "-" : "")}{magnitude / 1_000}.{magnitude % 1_000:D3}";
    }

    /// <summary>For people rather than ledgers: thousands grouped, no trailing zero decimals ("12,000", "12.5").</summary>
    public static string Display(long millicredits)
    {
        if (millicredits < 0 && millicredits != long.MinValue) return "-" + Display(-millicredits);
        var exact = Format(millicredits);
        var point = exact.IndexOf('.');
        var whole = long.Parse(exact[..point], CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
        var fraction = exact[(point + 1)..].TrimEnd('0');
        return fraction.Length == 0 ? whole : $"{whole}.{fraction}";
    }

    /// <summary>
    /// Credits as typed by a person ("12", "12.5", "1,350.125") to exact millicredits; more than three
    /// decimals, signs, exponents or anything else is refused rather than rounded.
    /// </summary>
    public static bool TryParse(string? text, out long millicredits)
    {
        millicredits = 0;
        var match = CreditsPattern().Match(text?.Trim() ?? "");
        if (!match.Success) return false;
        var whole = match.Groups["whole"].Value.Replace(",", "");
        var fraction = match.Groups["fraction"].Value.PadRight(3, '0');
        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var credits) || credits > long.MaxValue / 1_000 - 1)
            return false;
        millicredits = credits * 1_000 + int.Parse(fraction, CultureInfo.InvariantCulture);
        return true;
    }

    [GeneratedRegex(@"^(?<whole>\d{1,3}(,\d{3})+|\d+)(\.(?<fraction>\d{1,3}))?$")]
    private static partial Regex CreditsPattern();
}
