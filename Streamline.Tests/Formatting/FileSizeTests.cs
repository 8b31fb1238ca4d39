using Streamline.Core.Formatting;

namespace Streamline.Tests.Formatting;

public sealed class FileSizeTests
{
    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1, "1 byte")]
    [InlineData(102, "102 bytes")]
    [InlineData(1023, "1023 bytes")]
    [InlineData(1024, "1 KB")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(2_411_725, "2.3 MB")]
    [InlineData(10 * 1024 * 1024, "10 MB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3 GB")]
    public void A_size_reads_in_the_unit_that_fits_it(long bytes, string expected) =>
        Assert.Equal(expected, FileSize.Format(bytes));

    [Theory]
    [InlineData(0, "0 files")]
    [InlineData(1, "1 file")]
    [InlineData(2, "2 files")]
    [InlineData(1200, "1,200 files")]
    public void A_count_has_its_noun_in_the_right_number(long count, string expected) =>
        Assert.Equal(expected, Plural.Of(count, "file"));

    [Fact]
    public void An_irregular_plural_is_given_by_the_caller() =>
        Assert.Equal(["1 entry", "3 entries"], new[] { Plural.Of(1, "entry", "entries"), Plural.Of(3, "entry", "entries") });
}
