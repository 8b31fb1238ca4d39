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
        Assert.Equal(FieldResult.Empty, BusinessPhone.Normalise(null));
    }

    [Theory]
    [InlineData("+351 912 345 678", "+351912345678")]
    [InlineData("+1 (201) 555-0123", "+12015550123")]
    [InlineData("+44  20 7946 0958", "+442079460958")]
    [InlineData("0049 30 12345678", "+493012345678")]
    public void A_phone_number_is_checked_against_its_country_and_stored_in_e164(string typed, string stored) =>
        Assert.Equal(stored, BusinessPhone.Normalise(typed).Value);

    [Theory]
    [InlineData("call me maybe", "Enter a phone number in digits, with its country code, for example +1 201 555 0123.")]
    [InlineData("+1 201-555-0123<script>", "Enter a phone number in digits, with its country code, for example +1 201 555 0123.")]
    [InlineData("(201) 555-0123", "Start with + and the country code, for example +1 201 555 0123.")]
    [InlineData("+999 123 456 789", "Start with + and a country code that exists, for example +1 201 555 0123.")]
    [InlineData("+351 12 34", "This number does not exist in its country: check the digits.")]
    [InlineData("+1 201 555 0123 4567 8901", "This number does not exist in its country: check the digits.")]
    public void A_phone_number_that_cannot_be_called_is_refused_with_what_to_fix(string typed, string message) =>
        Assert.Equal(message, BusinessPhone.Normalise(typed).Error);

    [Fact]
    public void A_stored_number_is_shown_the_way_people_read_it() =>
        Assert.Equal("+351 912 345 678", BusinessPhone.Display("+351912345678"));
}
