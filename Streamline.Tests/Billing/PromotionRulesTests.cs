using Streamline.Core.Billing;

namespace Streamline.Tests.Billing;

public sealed class PromotionRulesTests
{
    private static readonly PromotionTerms Valid = new("SPRING-25", "", 25, null, null, null, null, 1);

    [Fact]
    public void A_percent_off_code_with_no_window_or_total_limit_is_valid() => Assert.Empty(PromotionRules.Check(Valid));

    [Fact]
    public void Codes_are_trimmed_and_upper_cased() => Assert.Equal("SPRING_25", PromotionRules.NormalizeCode("  spring_25 "));

    [Theory]
    [InlineData("ab")]
    [InlineData("a b c")]
    [InlineData("SALE!")]
    [InlineData("ÜBER")]
    [InlineData("A1234567890123456789012345678901234567890")] // 41
    public void A_code_outside_the_alphabet_or_length_is_refused(string code) =>
        Assert.Equal(nameof(PromotionTerms.Code), Assert.Single(PromotionRules.Check(Valid with { Code = code })).Field);

    [Theory]
    [InlineData(25, 1_000L, nameof(PromotionTerms.PercentOff))]
    [InlineData(null, null, nameof(PromotionTerms.PercentOff))]
    [InlineData(0, null, nameof(PromotionTerms.PercentOff))]
    [InlineData(101, null, nameof(PromotionTerms.PercentOff))]
    [InlineData(null, 0L, nameof(PromotionTerms.BonusMillicredits))]
    [InlineData(null, -5L, nameof(PromotionTerms.BonusMillicredits))]
    public void The_offer_is_exactly_one_of_a_percent_from_1_to_100_or_positive_bonus_credits(int? percent, long? bonus, string field) =>
        Assert.Equal(field, Assert.Single(PromotionRules.Check(Valid with { PercentOff = percent, BonusMillicredits = bonus })).Field);

    [Fact]
    public void The_window_must_end_after_it_starts()
    {
        var start = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(nameof(PromotionTerms.EndsAt), Assert.Single(PromotionRules.Check(Valid with { StartsAt = start, EndsAt = start })).Field);
        Assert.Empty(PromotionRules.Check(Valid with { StartsAt = start, EndsAt = start.AddMinutes(1) }));
        Assert.Empty(PromotionRules.Check(Valid with { EndsAt = start }));
    }

    [Fact]
    public void Limits_are_at_least_one_and_the_total_may_be_unlimited()
    {
        Assert.Equal(nameof(PromotionTerms.MaxRedemptions), Assert.Single(PromotionRules.Check(Valid with { MaxRedemptions = 0 })).Field);
        Assert.Equal(nameof(PromotionTerms.MaxRedemptionsPerWorkspace), Assert.Single(PromotionRules.Check(Valid with { MaxRedemptionsPerWorkspace = 0 })).Field);
        Assert.Empty(PromotionRules.Check(Valid with { MaxRedemptions = 1 }));
    }
}
