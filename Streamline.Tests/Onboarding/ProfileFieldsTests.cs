using Streamline.Core.Onboarding;

namespace Streamline.Tests.Onboarding;

public sealed class ProfileFieldsTests
{
    [Theory]
    [InlineData("example.com", "https://example.com")]
    [InlineData("  www.Example.com/  ", "https://www.example.com")]
    [InlineData("http://shop.example.com/menu?lang=pt", "http://shop.example.com/menu?lang=pt")]
    [InlineData("https://example.com:8443", "https://example.com:8443")]
    public void A_website_is_normalised_to_an_absolute_https_or_http_address(string typed, string stored) =>
        Assert.Equal(stored, ProfileFields.NormaliseWebsite(typed).Value);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.com")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("https://user:secret@example.com")]
    [InlineData("exa mple.com")]
    [InlineData("localshop")]
    public void A_website_that_is_not_an_http_address_is_refused(string typed) =>
        Assert.NotNull(ProfileFields.NormaliseWebsite(typed).Error);

    [Fact]
    public void Empty_optional_fields_are_stored_as_nothing()
    {
        Assert.Equal(FieldResult.Empty, ProfileFields.NormaliseWebsite("  "));
        Assert.Equal(FieldResult.Empty, ProfileFields.NormalisePhone(null));
    }

    [Theory]
    [InlineData("+351 912 345 678", "+351 912 345 678")]
    [InlineData("(555) 010-4477", "(555) 010-4477")]
    [InlineData("+44  20 7946 0958", "+44 20 7946 0958")]
    [InlineData("030.1234.5678", "030.1234.5678")]
    public void International_phone_formats_are_accepted(string typed, string stored) =>
        Assert.Equal(stored, ProfileFields.NormalisePhone(typed).Value);

    [Theory]
    [InlineData("call me")]
    [InlineData("12345")]
    [InlineData("+1 555 010 4477 1234 5678")]
    [InlineData("555-0104<script>")]
    [InlineData("++351 912 345 678")]
    public void Phone_numbers_with_other_characters_or_a_wrong_digit_count_are_refused(string typed) =>
        Assert.NotNull(ProfileFields.NormalisePhone(typed).Error);
}
