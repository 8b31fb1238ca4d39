using System.Globalization;

namespace Streamline.Core.Credits;

/// <summary>
/// Reads a non-negative decimal typed by a person ("19.99", "0.5", ".25") as an integer count of its
/// smallest unit, digit by digit, so no floating point ever touches money or credits.
/// </summary>
internal static class ScaledInteger
{
    // 15 whole digits times 10^3 stays far below long.MaxValue.
    private const int MaxWholeDigits = 15;

    public static bool TryParse(string? text, int decimals, out long scaled)
    {
        scaled = 0;
        var s = (text ?? "").Trim();
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length == 0 && fraction.Length == 0) return false;
        if (dot >= 0 && fraction.Length == 0) return false;
        if (whole.Length > MaxWholeDigits || fraction.Length > decimals) return false;
        if (!whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)) return false;

        var unit = 1L;
        for (var i = 0; i < decimals; i++) unit *= 10;
        var wholeValue = whole.Length == 0 ? 0 : long.Parse(whole, CultureInfo.InvariantCulture);
        var fractionValue = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(decimals, '0'), CultureInfo.InvariantCulture);
        scaled = wholeValue * unit + fractionValue;
        return true;
    }
}
