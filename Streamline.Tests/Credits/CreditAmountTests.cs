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
    [InlineData("12", 12_000)]
    [InlineData("12.5", 12_500)]
    [InlineData("1,350.125", 1_350_125)]
    [InlineData("0", 0)]
    [InlineData(" 7.001 ", 7_001)]
    public void Typed_credits_parse_to_exact_millicredits(string text, long expected)
    {
        Assert.True(CreditAmount.TryParse(text, out var millicredits));
        Assert.Equal(expected, millicredits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("1.2345")]
    [InlineData("1e3")]
    [InlineData("12,34")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    public void Anything_but_plain_credits_with_at_most_three_decimals_is_refused(string text) =>
        Assert.False(CreditAmount.TryParse(text, out _));

    [Theory]
    [InlineData(12_000_000, "12,000")]
    [InlineData(12_500, "12.5")]
    [InlineData(1_350_125, "1,350.125")]
    [InlineData(0, "0")]
    public void Display_groups_thousands_and_drops_trailing_zero_decimals(long millicredits, string expected) =>
        Assert.Equal(expected, CreditAmount.Display(millicredits));
}
