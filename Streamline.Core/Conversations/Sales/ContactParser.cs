using System.Text.RegularExpressions;

namespace Streamline.Core.Conversations.Sales;

/// <summary>
/// The offline engine's reading of contact details from what a visitor writes: common English phrasings
/// only ("my name is…", "we're a team of 12", an e-mail address anywhere). What it finds still goes through
/// the save-contact tool's validation like a model's call would.
/// </summary>
public static partial class ContactParser
{
    public static ContactDetails? Parse(string text)
    {
        var details = new ContactDetails(
            Name: Group(NamePattern(), text),
            Email: EmailPattern().Match(text) is { Success: true } e ? e.Value : null,
            Phone: PhonePattern().Match(text) is { Success: true } p ? p.Value.Trim() : null,
            Company: Group(CompanyPattern(), text)?.TrimEnd('.', ','),
            TeamSize: TeamSize(text),
            Budget: Group(BudgetPattern(), text),
            PainPoints: PainPattern().Match(text) is { Success: true } pain ? [pain.Groups[1].Value.Trim()] : null);
        var nothing = details is { Name: null, Email: null, Phone: null, Company: null, TeamSize: null, Budget: null, PainPoints: null };
        return nothing ? null : details;
    }

    private static int? TeamSize(string text)
    {
        var m = TeamPattern().Match(text);
        var digits = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
        return m.Success && int.TryParse(digits, out var size) ? size : null;
    }

    private static string? Group(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    // A run of digits with the usual separators, long enough to be a phone number rather than a price or size.
    [GeneratedRegex(@"(?<![\w$])\+?\d[\d\s().-]{6,18}\d(?![\w%])")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(?i:\bmy name is|\bi am|\bi'm|\bthis is|\bcall me)\s+([A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?)")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"(?i:\bi work (?:at|for)|\bour company is|\bcompany (?:is|called)|\bwe are|\bwe're)\s+([A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*){0,3})")]
    private static partial Regex CompanyPattern();

    [GeneratedRegex(@"(?i)\bteam of (\d{1,7})\b|\b(\d{1,7})\s*(?:people|employees|staff|person|members|-person)\b")]
    private static partial Regex TeamPattern();

    [GeneratedRegex(@"(?i)\bbudget\b[^\d$€£\n]{0,20}([$€£]?\s?\d[\d,.]*\s?[kK]?(?:\s?(?:per|a|/)\s?(?:month|year|mo|yr))?)")]
    private static partial Regex BudgetPattern();

    [GeneratedRegex(@"(?i)\b(?:struggl\w* with|problem is|pain point is|need help with|frustrated (?:with|by)|our challenge is)\s+([^.!?\n]{3,160})")]
    private static partial Regex PainPattern();
}
