using Streamline.Core.Channels.Contacts;
using Streamline.Core.Conversations;

namespace Streamline.Tests.Channels;

/// <summary>How two contacts' facts combine and how their e-mails and phone numbers are compared.</summary>
public sealed class ChannelContactsRulesTests
{
    private static readonly DateTime Monday = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_newer_value_wins_the_one_it_replaces_is_kept_and_an_empty_value_never_overwrites()
    {
        var older = new Contact { Name = "Ana", Email = "ana@old.test", Company = "Lumen", TeamSize = 4, PainPoints = ["slow site"], CreatedAt = Monday, UpdatedAt = Monday };
        var newer = new Contact
        {
            Name = "Ana Silva", Email = "ana@new.test", Phone = "+351912345678", PainPoints = ["Slow site", "no leads"],
            EarlierDetails = ["Budget: 1k"], CreatedAt = Monday.AddDays(1), UpdatedAt = Monday.AddDays(2),
        };

        var combined = ContactFacts.Combine(older, newer);

        Assert.Equal(("Ana Silva", "ana@new.test", "+351912345678", "Lumen", (int?)4), (combined.Name, combined.Email, combined.Phone, combined.Company, combined.TeamSize));
        Assert.Equal(["Slow site", "no leads"], combined.PainPoints);
        Assert.Equal(["Name: Ana", "E-mail: ana@old.test"], combined.Replaced);
        Assert.Equal(["Budget: 1k", "Name: Ana", "E-mail: ana@old.test"], combined.EarlierDetails);
        Assert.Equal(Monday, combined.CreatedAt);
        Assert.Equal(combined, ContactFacts.Combine(newer, older) with { PainPoints = combined.PainPoints, EarlierDetails = combined.EarlierDetails, Replaced = combined.Replaced });
    }

    [Fact]
    public void The_same_value_in_another_case_is_not_a_replacement()
    {
        var a = new Contact { Email = "sam@example.test", UpdatedAt = Monday };
        var b = new Contact { Email = "Sam@Example.test", UpdatedAt = Monday.AddHours(1) };

        Assert.Empty(ContactFacts.Combine(a, b).Replaced);
    }

    [Theory]
    [InlineData("07700 900123", "GB", "+447700900123")]
    [InlineData("+44 7700 900123", null, "+447700900123")]
    [InlineData("(201) 555-0123", "US", "+12015550123")]
    [InlineData("call me", "GB", null)]
    [InlineData("12", "GB", null)]
    public void Phone_numbers_compare_in_e164_read_in_the_workspaces_country(string typed, string? region, string? key) =>
        Assert.Equal(key, ContactKeys.Phone(typed, region));

    [Fact]
    public void Whatsapps_digits_are_international_and_the_workspaces_country_comes_from_the_business_phone()
    {
        Assert.Equal("+447700900123", ContactKeys.InternationalDigits("447700900123"));
        Assert.Equal("GB", ContactKeys.RegionOf("+442071234567"));
        Assert.Null(ContactKeys.RegionOf(null));
        Assert.Equal("sam@example.test", ContactKeys.Email("  Sam@Example.TEST "));
    }
}
