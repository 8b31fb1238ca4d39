using System.Globalization;
using Streamline.Core.Credits;

namespace Streamline.Core.Billing;

/// <summary>Integer cents as people read and type dollars; exact both ways.</summary>
public static class MoneyAmount
{
    /// <summary>123456 → "$1,234.56", -5 → "-$0.05".</summary>
    public static string Format(long cents)
    {
        var magnitude = cents < 0 ? (ulong)(-(cents + 1)) + 1 : (ulong)cents;
        var dollars = (magnitude / 100).ToString("N0", CultureInfo.InvariantCulture);
        return $"{(cents < 0 ? "-" : "")}${dollars}.{magnitude % 100:D2}";
    }

    /// <summary>"19.99" or "$19.99" → 1999. More than two decimals, signs and thousands separators are refused.</summary>
    public static bool TryParseDollars(string? text, out long cents)
    {
        var s = (text ?? "").Trim();
        return ScaledInteger.TryParse(s.StartsWith('$') ? s[1..] : s, 2, out cents);
    }
}
