using System.Globalization;

namespace Streamline.Core.Credits;

public static class CreditAmount
{
    public const long MillicreditsPerCredit = 1_000;

    /// <summary>1 credit lists at $0.10, so one cent is worth 100 millicredits.</summary>
    public const long MillicreditsPerCent = 100;

    /// <summary>
    /// Integer millicredits as credits with three decimals, e.g. 12345 → "12.345"; no floating point on the way.
    /// For ledgers read by machines (the CSV export, log lines); people read <see cref="Credits"/>.
    /// </summary>
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
    /// An amount of credits for people, with its unit: "100 credits", "1 credit", "1,250.5 credits", "0.024 credits".
    /// Every page, fragment and e-mail that shows a balance or an amount of credits says it this way.
    /// </summary>
    public static string Credits(long millicredits) => $"{Display(millicredits)} {Unit(millicredits)}";

    /// <summary>The unit after an amount shown on its own: "credit" for exactly one, "credits" otherwise (0.5 credits too).</summary>
    public static string Unit(long millicredits) =>
        millicredits == MillicreditsPerCredit || millicredits == -MillicreditsPerCredit ? "credit" : "credits";

    /// <summary>Credits as a form field shows them for editing: no grouping (it would not parse back), no trailing zeros.</summary>
    public static string Input(long millicredits) => Display(millicredits).Replace(",", "", StringComparison.Ordinal);

    /// <summary>Credits as a person types them, with up to three decimals: "12.5" → 12500. Signs and other text are refused.</summary>
    public static bool TryParse(string? text, out long millicredits) => ScaledInteger.TryParse(text, 3, out millicredits);

    /// <summary>What credits are worth at list price, in whole cents (a fraction of a cent is dropped).</summary>
    public static long ListPriceCents(long millicredits) => millicredits / MillicreditsPerCent;
}
