using Streamline.Core.Billing;

namespace Streamline.Tests.Billing;

public sealed class MoneyAmountTests
{
    [Theory]
    [InlineData(0, "$0.00")]
    [InlineData(5, "$0.05")]
    [InlineData(1_999, "$19.99")]
    [InlineData(123_456, "$1,234.56")]
    [InlineData(100_000_000_00, "$100,000,000.00")]
    [InlineData(-5, "-$0.05")]
    [InlineData(long.MinValue, "-$92,233,720,368,547,758.08")]
    public void Cents_are_written_as_dollars_with_thousands_separators(long cents, string expected) =>
        Assert.Equal(expected, MoneyAmount.Format(cents));

    [Theory]
    [InlineData("19.99", 1_999)]
    [InlineData("$19.99", 1_999)]
    [InlineData(" 45 ", 4_500)]
    [InlineData("45.5", 4_550)]
    [InlineData(".5", 50)]
    [InlineData("0.01", 1)]
    [InlineData("0", 0)]
    [InlineData("999999999999999.99", 99_999_999_999_999_999)]
    public void Dollars_as_typed_become_exact_cents(string text, long cents)
    {
        Assert.True(MoneyAmount.TryParseDollars(text, out var parsed));
        Assert.Equal(cents, parsed);
    }

    [Theory]
    [InlineData("19.999")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1,000")]
    [InlineData("1e3")]
    [InlineData("5.")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("١٢")] // Arabic-Indic digits are digits to char.IsDigit, not to us
    [InlineData("1000000000000000")]
    public void Anything_else_is_refused(string text) => Assert.False(MoneyAmount.TryParseDollars(text, out _));
}
