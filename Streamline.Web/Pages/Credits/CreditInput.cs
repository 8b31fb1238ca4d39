using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Credits;

/// <summary>
/// Amounts typed in credits to the integer millicredits the services take, exactly. Read with the
/// invariant culture: a number input submits "2.5" whatever the browser's language.
/// </summary>
public static class CreditInput
{
    public const string Invalid = "Enter credits as a number with at most three decimals, e.g. 2.5.";

    /// <summary>Null when the text is not a plain number with at most three decimals (the one parser: <see cref="CreditAmount.TryParse"/>).</summary>
    public static long? ToMillicredits(string? credits) => CreditAmount.TryParse(credits, out var millicredits) ? millicredits : null;

    /// <summary>For an input's value: 2500 → "2.5".</summary>
    public static string ToCredits(long millicredits) => CreditAmount.Input(millicredits);
}
