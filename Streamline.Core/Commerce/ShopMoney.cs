using System.Globalization;

namespace Streamline.Core.Commerce;

/// <summary>Shopify's decimal strings ("12.50") as integer minor units of the shop's currency, and back for people.</summary>
public static class ShopMoney
{
    // ISO 4217 exponents other than 2, among currencies Shopify sells in.
    private static readonly Dictionary<string, int> Exponents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["CLP"] = 0, ["ISK"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["UGX"] = 0, ["PYG"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["JOD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    public static int Exponent(string currency) => Exponents.GetValueOrDefault(currency, 2);

    public static long ToMinor(string? amount, string currency)
    {
        if (string.IsNullOrWhiteSpace(amount)) return 0;
        var value = decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture);
        return (long)decimal.Round(value * Pow10(Exponent(currency)), MidpointRounding.AwayFromZero);
    }

    public static string ToDecimal(long minor, string currency)
    {
        var exponent = Exponent(currency);
        return (minor / Pow10(exponent)).ToString("F" + exponent, CultureInfo.InvariantCulture);
    }

    /// <summary>"1,234.50 EUR": invariant digits and the currency code, unambiguous whatever the reader's culture.</summary>
    public static string Format(long minor, string currency)
    {
        var exponent = Exponent(currency);
        return $"{(minor / Pow10(exponent)).ToString("N" + exponent, CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";
    }

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
