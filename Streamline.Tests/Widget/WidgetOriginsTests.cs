using Streamline.Core.Widget;

namespace Streamline.Tests.Widget;

public sealed class WidgetOriginsTests
{
    [Fact]
    public void Origins_are_read_one_per_line_lower_cased_without_a_trailing_slash_or_default_port()
    {
        var parsed = WidgetOrigins.Parse("https://Shop.Example.com/\r\n\n  http://localhost:3000 \nhttps://shop.example.com:443\nhttps://b.example:8443");

        Assert.Empty(parsed.Errors);
        Assert.Equal(["https://shop.example.com", "http://localhost:3000", "https://b.example:8443"], parsed.Origins);
    }

    [Theory]
    [InlineData("https://shop.example.com/products", "without a path or query: https://shop.example.com")]
    [InlineData("https://shop.example.com?x=1", "without a path or query")]
    [InlineData("https://*.example.com", "wildcards are not allowed")]
    [InlineData("*", "wildcards are not allowed")]
    [InlineData("null", "\"null\" is what sandboxed")]
    [InlineData("ftp://files.example.com", "only http:// and https://")]
    [InlineData("shop.example.com", "start with https://")]
    [InlineData("https://user:pw@shop.example.com", "remove the user name")]
    public void A_bad_line_is_refused_with_its_line_number_and_the_reason(string line, string reason)
    {
        var parsed = WidgetOrigins.Parse("https://ok.example.com\n" + line);

        var error = Assert.Single(parsed.Errors);
        Assert.StartsWith("Line 2 (", error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Duplicates_are_kept_once()
    {
        var parsed = WidgetOrigins.Parse("https://a.example\nhttps://A.example/");
        Assert.Equal(["https://a.example"], parsed.Origins);
    }
}
