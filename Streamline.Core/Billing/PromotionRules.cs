using System.Text.RegularExpressions;

namespace Streamline.Core.Billing;

/// <summary>What an admin sets on a promotion; the redemption count and creation time are the system's.</summary>
public sealed record PromotionTerms(
    string Code,
    string Description,
    int? PercentOff,
    long? BonusMillicredits,
    DateTime? StartsAt,
    DateTime? EndsAt,
    int? MaxRedemptions,
    int MaxRedemptionsPerWorkspace);

/// <summary>A broken rule, named by the <see cref="PromotionTerms"/> property it is about.</summary>
public sealed record PromotionRuleError(string Field, string Message);

/// <summary>The shape of a valid promotion, shared by the admin editor and by checkout reading a typed code.</summary>
public static partial class PromotionRules
{
    public const int MinCodeLength = 3;
    public const int MaxCodeLength = 40;
    public const int MaxDescriptionLength = 500;

    /// <summary>Codes are stored upper-case and matched case-insensitively: "spring-25 " and "SPRING-25" are one code.</summary>
    public static string NormalizeCode(string? code) => (code ?? "").Trim().ToUpperInvariant();

    public static IReadOnlyList<PromotionRuleError> Check(PromotionTerms terms)
    {
        var errors = new List<PromotionRuleError>();
        void Fail(string field, string message) => errors.Add(new(field, message));

        if (!CodePattern().IsMatch(NormalizeCode(terms.Code)))
            Fail(nameof(PromotionTerms.Code), $"Use {MinCodeLength}–{MaxCodeLength} letters A–Z, digits, - or _.");
        if (terms.Description.Length > MaxDescriptionLength)
            Fail(nameof(PromotionTerms.Description), $"At most {MaxDescriptionLength} characters.");

        switch (terms)
        {
            case { PercentOff: not null, BonusMillicredits: not null }:
                Fail(nameof(PromotionTerms.PercentOff), "Choose either a percent off or bonus credits, not both.");
                break;
            case { PercentOff: null, BonusMillicredits: null }:
                Fail(nameof(PromotionTerms.PercentOff), "Give either a percent off or bonus credits.");
                break;
            case { PercentOff: < 1 or > 100 }:
                Fail(nameof(PromotionTerms.PercentOff), "A percent off is between 1 and 100.");
                break;
            case { BonusMillicredits: <= 0 }:
                Fail(nameof(PromotionTerms.BonusMillicredits), "Bonus credits must be more than zero.");
                break;
        }

        if (terms is { StartsAt: { } starts, EndsAt: { } ends } && ends <= starts)
            Fail(nameof(PromotionTerms.EndsAt), "The end must be after the start.");
        if (terms.MaxRedemptions is < 1)
            Fail(nameof(PromotionTerms.MaxRedemptions), "At least 1, or leave empty for no limit.");
        if (terms.MaxRedemptionsPerWorkspace < 1)
            Fail(nameof(PromotionTerms.MaxRedemptionsPerWorkspace), "At least 1.");
        return errors;
    }

    [GeneratedRegex("^[A-Z0-9_-]{3,40}$")]
    private static partial Regex CodePattern();
}
