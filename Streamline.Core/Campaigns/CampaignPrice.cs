using System.Globalization;
using Streamline.Core.Credits;

namespace Streamline.Core.Campaigns;

/// <summary>A campaign's price as people type and read it, kept as integer cents of a supported currency.</summary>
public static class CampaignPrice
{
    /// <summary>
    /// ISO 4217 codes the product is sold in. All of them have two decimal places, so "cents" means
    /// the same thing for each; add a zero-decimal currency (JPY) only together with a scale per code.
    /// </summary>
    public static readonly IReadOnlyList<string> Currencies =
        ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "SGD", "INR", "BRL", "MXN", "ZAR"];

    /// <summary>100 million in the currency: far above any real price, far below what a long can hold.</summary>
    public const long MaxCents = 100_000_000_00;

    public static bool IsSupported(string? currency) => currency is not null && Currencies.Contains(currency);

    /// <summary>
    /// "49.99", "49.9", "49" or ".5" → cents, digit by digit. Thousands separators ("1,000" — a thousand
    /// or one?), signs, symbols and a third decimal are refused rather than guessed.
    /// </summary>
    public static bool TryParse(string? text, out long cents) => ScaledInteger.TryParse(text, 2, out cents);

    /// <summary>For an input's value: 4999 → "49.99", 5000 → "50.00".</summary>
    public static string ToText(long cents) => $"{cents / 100}.{cents % 100:D2}";

    /// <summary>For people: 123456, "EUR" → "1,234.56 EUR".</summary>
    public static string Display(long cents, string currency) =>
        $"{(cents / 100).ToString("N0", CultureInfo.InvariantCulture)}.{cents % 100:D2} {currency}";
}
