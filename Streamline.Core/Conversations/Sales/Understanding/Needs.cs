using System.Text.RegularExpressions;

namespace Streamline.Core.Conversations.Sales.Understanding;

/// <summary>
/// What a visitor says they need, in their own words: a sentence that states a need or a problem ("we need to
/// automate invoices", "our bookkeeper types every bill by hand"). A question, an objection or a request for a
/// person is not a need, however it is phrased.
/// </summary>
public static partial class Needs
{
    public const int MaxLength = 200;

    public static List<string> Find(string text)
    {
        var found = new List<string>();
        foreach (Match m in Sentence().Matches(text))
        {
            var sentence = m.Value.Trim();
            if (sentence.EndsWith('?') || !Cue().IsMatch(sentence) || Intents.IsPriceObjection(sentence) || Intents.WantsHuman(sentence)) continue;
            var trimmed = sentence.TrimEnd('.', '!', ';', ',').Trim();
            if (trimmed.Length > MaxLength) trimmed = trimmed[..(MaxLength - 1)].TrimEnd() + "…";
            if (!found.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) found.Add(trimmed);
        }
        return found;
    }

    [GeneratedRegex(@"[^.!?\n]+[.!?]*")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"(?i)\b(?:we need|i need|we'd need|need help|interested in|thinking (?:about|of)|considering|planning|i spend|we spend|spend my|spend our|wants?|takes? (?:us|me) (?:hours|ages|days)|we want to|i want to|want to automate|looking for|we're looking|we are looking|struggl\w*|problem|drown\w*|by hand|manually|waste|wasting|spend (?:hours|too much|ages)|miss(?:ing)? (?:leads|calls|enquiries)|nobody answers|no one answers|automate|necesit\w+|buscamos|brauchen|suchen|wir möchten|besoin|cherchons|precis\w+|procuramos)\b")]
    private static partial Regex Cue();
}
