using Streamline.Core.Formatting;

namespace Streamline.Tests.Formatting;

public sealed class TypedTextTests
{
    [Theory]
    [InlineData("plain words", false)]
    [InlineData("two\nlines\r\nand\ta tab", false)]
    [InlineData("emoji 👍 and accents é", false)]
    [InlineData("a\0b", true)]
    [InlineData("escape \u001b[31m", true)]
    [InlineData("delete \u007f", true)]
    [InlineData("next line \u0085", true)]
    public void Only_control_characters_other_than_line_breaks_and_tabs_count(string text, bool expected) =>
        Assert.Equal(expected, TypedText.HasControlCharacters(text));
}
