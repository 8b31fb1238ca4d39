using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Streamline.Core.Billing;
using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Admin.Promotions;

/// <summary>The promotion form as typed: text where the exact conversion is ours to do (credits, UTC times).</summary>
public sealed class PromotionInput
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm";

    [Required(ErrorMessage = "Enter a code, e.g. SPRING-25.")]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Display(Name = "Percent off a pack")]
    public int? PercentOff { get; set; }

    [Display(Name = "Bonus credits")]
    public string? BonusCredits { get; set; }

    [Display(Name = "Starts (UTC, optional)")]
    public string? StartsAt { get; set; }

    [Display(Name = "Ends (UTC, optional)")]
    public string? EndsAt { get; set; }

    [Display(Name = "Redemptions in total (optional)")]
    public int? MaxRedemptions { get; set; }

    [Display(Name = "Redemptions per workspace")]
    public int MaxRedemptionsPerWorkspace { get; set; } = 1;

    [Display(Name = "Active")]
    public bool IsActive { get; set; } = true;

    public static PromotionInput From(Promotion p) => new()
    {
        Code = p.Code,
        Description = p.Description,
        PercentOff = p.PercentOff,
        BonusCredits = p.BonusMillicredits is { } bonus ? CreditAmount.Input(bonus) : null,
        StartsAt = p.StartsAt?.ToString(TimeFormat, CultureInfo.InvariantCulture),
        EndsAt = p.EndsAt?.ToString(TimeFormat, CultureInfo.InvariantCulture),
        MaxRedemptions = p.MaxRedemptions,
        MaxRedemptionsPerWorkspace = p.MaxRedemptionsPerWorkspace,
        IsActive = p.IsActive,
    };

    /// <summary>
    /// The terms, or null with the reasons in <paramref name="errors"/> (keyed by this class's
    /// property names) when the text does not convert or the rules refuse it.
    /// </summary>
    public PromotionTerms? ToTerms(out List<PromotionRuleError> errors)
    {
        errors = [];
        long? bonus = null;
        if (!string.IsNullOrWhiteSpace(BonusCredits))
        {
            if (CreditAmount.TryParse(BonusCredits, out var millicredits)) bonus = millicredits;
            else errors.Add(new(nameof(BonusCredits), "Enter credits as a number with at most three decimals, e.g. 50."));
        }
        var starts = ParseTime(StartsAt, nameof(StartsAt), errors);
        var ends = ParseTime(EndsAt, nameof(EndsAt), errors);
        if (errors.Count > 0) return null;

        var terms = new PromotionTerms(Code, Description?.Trim() ?? "", PercentOff, bonus, starts, ends, MaxRedemptions, MaxRedemptionsPerWorkspace);
        errors.AddRange(PromotionRules.Check(terms).Select(e => e with { Field = InputField(e.Field) }));
        return errors.Count == 0 ? terms : null;
    }

    /// <summary>A rule's field (named after <see cref="PromotionTerms"/>) as the form field it came from.</summary>
    public static string InputField(string termsField) =>
        termsField == nameof(PromotionTerms.BonusMillicredits) ? nameof(BonusCredits) : termsField;

    private static DateTime? ParseTime(string? text, string field, List<PromotionRuleError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // datetime-local sends minutes, and seconds when a browser adds them; both are UTC by the label.
        if (DateTime.TryParseExact(text.Trim(), [TimeFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        errors.Add(new(field, "Enter a date and time, e.g. 2026-05-01T09:00."));
        return null;
    }
}
