using Streamline.Core.Credits;

namespace Streamline.Tests.Credits;

public sealed class CreditAmountTests
{
    [Theory]
    [InlineData(0, "0.000")]
    [InlineData(1, "0.001")]
    [InlineData(12_345, "12.345")]
    [InlineData(-5_001, "-5.001")]
    [InlineData(long.MaxValue, "9223372036854775.807")]
    [InlineData(long.MinValue, "-9223372036854775.808")]
    public void Millicredits_are_written_as_credits_with_three_decimals_exactly(long millicredits, string expected) =>
        Assert.Equal(expected, CreditAmount.Format(millicredits));

    [Theory]
    [InlineData(12_000_000, "12,000")]
    [InlineData(12_500, "12.5")]
    [InlineData(1_350_125, "1,350.125")]
    [InlineData(0, "0")]
    public void Display_groups_thousands_and_drops_trailing_zero_decimals(long millicredits, string expected) =>
        Assert.Equal(expected, CreditAmount.Display(millicredits));

    [Theory]
    [InlineData(100_000, "100 credits")]
    [InlineData(1_000, "1 credit")]
    [InlineData(-1_000, "-1 credit")]
    [InlineData(1_250_500, "1,250.5 credits")]
    [InlineData(24, "0.024 credits")]
    [InlineData(500, "0.5 credits")]
    [InlineData(0, "0 credits")]
    [InlineData(-2_500, "-2.5 credits")]
    public void People_read_credits_with_their_unit_and_only_the_decimals_there_are(long millicredits, string expected) =>
        Assert.Equal(expected, CreditAmount.Credits(millicredits));

    [Theory]
    [InlineData(1_250_500, "1250.5")]
    [InlineData(40_000, "40")]
    [InlineData(24, "0.024")]
    public void A_form_field_shows_credits_that_parse_back_to_the_same_amount(long millicredits, string expected)
    {
        Assert.Equal(expected, CreditAmount.Input(millicredits));
        Assert.True(CreditAmount.TryParse(CreditAmount.Input(millicredits), out var parsed));
        Assert.Equal(millicredits, parsed);
    }
}

public sealed class CreditAmountParsingTests
{
    [Theory]
    [InlineData("12.345", 12_345)]
    [InlineData("12.5", 12_500)]
    [InlineData("40", 40_000)]
    [InlineData("0.001", 1)]
    [InlineData(" 7 ", 7_000)]
    public void Credits_as_typed_become_exact_millicredits(string text, long millicredits)
    {
        Assert.True(CreditAmount.TryParse(text, out var parsed));
        Assert.Equal(millicredits, parsed);
    }

    [Theory]
    [InlineData("1.2345")]
    [InlineData("-1")]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text) => Assert.False(CreditAmount.TryParse(text, out _));

    [Theory]
    [InlineData(12_345_678, 123_456)]
    [InlineData(1_000, 10)]
    [InlineData(99, 0)]
    public void Credits_are_worth_a_tenth_of_a_dollar_each_in_whole_cents(long millicredits, long cents) =>
        Assert.Equal(cents, CreditAmount.ListPriceCents(millicredits));
}
