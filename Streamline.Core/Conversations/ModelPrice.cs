using System.Globalization;
using Streamline.Core.Credits;

namespace Streamline.Core.Conversations;

/// <summary>
/// Model prices as providers list them, dollars per million tokens, against the catalog's micro-dollars per 1,000
/// tokens. The two differ by exactly a factor of 1,000 ($1 per 1M = $0.001 per 1K = 1,000 µ$ per 1K), so a price
/// with up to three decimals maps to a whole number of micro-dollars with no rounding and no floating point.
/// </summary>
public static class ModelPrice
{
    public const int Decimals = 3;

    /// <summary>"0.15" or "$0.15" (per 1M tokens) → 150 (µ$ per 1K). More than three decimals, signs and separators are refused.</summary>
    public static bool TryParsePerMillion(string? text, out long microdollarsPer1K)
    {
        var s = (text ?? "").Trim();
        return ScaledInteger.TryParse(s.StartsWith('$') ? s[1..] : s, Decimals, out microdollarsPer1K);
    }

    /// <summary>150 → "0.15", 1 → "0.001", 10000 → "10.00": at least two decimals, at most three.</summary>
    public static string PerMillion(long microdollarsPer1K)
    {
        var whole = (microdollarsPer1K / 1000).ToString(CultureInfo.InvariantCulture);
        var fraction = (microdollarsPer1K % 1000).ToString("D3", CultureInfo.InvariantCulture);
        return $"{whole}.{(fraction.EndsWith('0') ? fraction[..2] : fraction)}";
    }
}
