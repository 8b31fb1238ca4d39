using Streamline.Core.Formatting;

namespace Streamline.Tests.Formatting;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("\u202Bmenu\u202C.pdf", "menu.pdf")]
    [InlineData("price\u2067list\u2069\u200F.txt", "pricelist.txt")]
    [InlineData("zero\u200Bwidth\uFEFF.md", "zerowidth.md")]
    [InlineData("C:\\Users\\ann\\brief.pdf", "brief.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("a\u0000b\u0007.txt", "ab.txt")]
    [InlineData("what?<now>.txt", "whatnow.txt")]
    [InlineData("\u202E", "file")]
    [InlineData("...", "file")]
    [InlineData("", "file")]
    public void Uploaded_names_lose_paths_and_invisible_or_forbidden_characters(string uploaded, string expected) =>
        Assert.Equal(expected, FileNames.Clean(uploaded, 200, "file"));

    [Fact]
    public void A_long_name_is_cut_keeping_its_extension() =>
        Assert.Equal(new string('a', 16) + ".pdf", FileNames.Clean(new string('a', 300) + ".pdf", 20, "file"));

    [Fact]
    public void Every_kind_of_upload_cleans_its_name_the_same_way() =>
        Assert.Equal("invoicefdp.exe.txt", Core.Knowledge.DocumentFileName.Sanitise("invoice\u202Efdp.exe.txt", ".txt"));
}
