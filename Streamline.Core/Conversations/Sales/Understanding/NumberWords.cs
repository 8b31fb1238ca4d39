using System.Text.RegularExpressions;

namespace Streamline.Core.Conversations.Sales.Understanding;

/// <summary>Whole numbers written as words, as visitors give team sizes ("twelve", "thirty-five", "zwanzig").</summary>
public static partial class NumberWords
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
        ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17,
        ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60,
        ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90, ["hundred"] = 100, ["a hundred"] = 100, ["dozen"] = 12, ["a dozen"] = 12,
        ["dos"] = 2, ["tres"] = 3, ["cuatro"] = 4, ["cinco"] = 5, ["seis"] = 6, ["siete"] = 7, ["ocho"] = 8, ["nueve"] = 9, ["diez"] = 10,
        ["doce"] = 12, ["quince"] = 15, ["veinte"] = 20, ["treinta"] = 30, ["cuarenta"] = 40, ["cincuenta"] = 50, ["cien"] = 100,
        ["zwei"] = 2, ["drei"] = 3, ["vier"] = 4, ["fünf"] = 5, ["sechs"] = 6, ["sieben"] = 7, ["acht"] = 8, ["neun"] = 9, ["zehn"] = 10,
        ["zwölf"] = 12, ["fünfzehn"] = 15, ["zwanzig"] = 20, ["dreißig"] = 30, ["vierzig"] = 40, ["fünfzig"] = 50, ["hundert"] = 100,
        ["deux"] = 2, ["trois"] = 3, ["quatre"] = 4, ["cinq"] = 5, ["sept"] = 7, ["huit"] = 8, ["neuf"] = 9, ["dix"] = 10, ["douze"] = 12,
        ["quinze"] = 15, ["vingt"] = 20, ["trente"] = 30, ["quarante"] = 40, ["cinquante"] = 50, ["cent"] = 100,
        ["três"] = 3, ["quatro"] = 4, ["sete"] = 7, ["oito"] = 8, ["nove"] = 9, ["dez"] = 10, ["doze"] = 12, ["vinte"] = 20, ["trinta"] = 30,
        ["quarenta"] = 40, ["cinquenta"] = 50,
    };

    /// <summary>The pattern of one number: digits, or words such as "thirty-five" and "twenty one".</summary>
    public const string Pattern = @"\d{1,7}|(?:a\s)?(?:dozen|hundred)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|treinta|cuarenta|cincuenta|cien|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|fünfzehn|zwanzig|dreißig|vierzig|fünfzig|hundert|deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|quinze|vingt|trente|quarante|cinquante|cent|três|quatro|sete|oito|nove|dez|doze|vinte|trinta|quarenta|cinquenta";

    public static int? Parse(string text)
    {
        var t = text.Trim();
        if (int.TryParse(t, out var digits)) return digits;
        if (Units.TryGetValue(t, out var unit)) return unit;
        var parts = Separator().Split(t);
        if (parts.Length == 2 && Units.TryGetValue(parts[0], out var tens) && tens % 10 == 0 && tens >= 20
            && Units.TryGetValue(parts[1], out var ones) && ones < 10) return tens + ones;
        return null;
    }

    [GeneratedRegex(@"[-\s]+")]
    private static partial Regex Separator();
}
