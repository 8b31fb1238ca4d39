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
}
