using Streamline.Core.Campaigns;

namespace Streamline.Tests.Campaigns;

public sealed class CampaignStepTests
{
    private static ProductStep Product(string price = "49.99", string currency = "USD") =>
        new() { Name = "Summer sale", ProductName = "Premium CRM", Price = price, Currency = currency };

    private static IEnumerable<string> Messages(ICampaignStep step, string field) =>
        step.Validate().Where(e => e.Field == field).Select(e => e.Message);

    [Theory]
    [InlineData("49.99", 4999)]
    [InlineData("49.9", 4990)]
    [InlineData("49", 4900)]
    [InlineData(".5", 50)]
    [InlineData(" 0 ", 0)]
    [InlineData("1000", 100000)]
    [InlineData("0.01", 1)]
    [InlineData("100000000", 10000000000)]
    public void A_price_typed_as_digits_with_a_point_becomes_exact_cents(string typed, long cents)
    {
        var step = Product(typed);
        Assert.Empty(step.Validate());

        var campaign = new Campaign { Name = "" };
        step.ApplyTo(campaign);

        Assert.Equal(cents, campaign.PriceCents);
    }

    [Theory]
    [InlineData("1,000", "no thousands separators")]
    [InlineData("1.000,50", "no thousands separators")]
    [InlineData("49.999", "up to two decimals")]
    [InlineData("-5", "digits")]
    [InlineData("$49", "currency signs")]
    [InlineData("1e3", "digits")]
    [InlineData("49.", "digits")]
    [InlineData("forty", "digits")]
    [InlineData("", "Enter a price")]
    [InlineData("100000000.01", "At most 100000000.00")]
    public void A_price_that_is_not_plainly_one_amount_is_refused(string typed, string message)
    {
        Assert.Contains(message, Assert.Single(Messages(Product(typed), nameof(ProductStep.Price))));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("XYZ")]
    [InlineData("")]
    public void Only_a_supported_currency_code_is_accepted(string currency)
    {
        Assert.Equal("Choose a currency from the list.", Assert.Single(Messages(Product(currency: currency), nameof(ProductStep.Currency))));
    }

    [Fact]
    public void The_campaign_needs_a_name_and_texts_respect_the_column_sizes()
    {
        var step = Product();
        step.Name = " ";
        step.ProductName = new string('p', CampaignLimits.Name + 1);
        step.ProductDescription = new string('d', CampaignLimits.LongText + 1);

        Assert.Contains("Give the campaign a name", Assert.Single(Messages(step, nameof(ProductStep.Name))));
        Assert.Equal("At most 100 characters (this has 101).", Assert.Single(Messages(step, nameof(ProductStep.ProductName))));
        Assert.Equal("At most 2000 characters (this has 2001).", Assert.Single(Messages(step, nameof(ProductStep.ProductDescription))));
    }

    [Fact]
    public void List_items_are_limited_in_length_and_number_and_empty_rows_are_dropped()
    {
        var step = Product();
        step.Features = [.. Enumerable.Range(1, CampaignLimits.ListItems + 1).Select(i => (string?)$"Feature {i}")];
        step.Features[3] = new string('f', CampaignLimits.ListItem + 1);

        Assert.Equal("At most 20 features.", Assert.Single(Messages(step, "Features")));
        Assert.Equal("At most 200 characters (this has 201).", Assert.Single(Messages(step, "Features[3]")));

        step.Features = ["  Fast ", null, "", "Cheap"];
        Assert.Empty(step.Validate());
        var campaign = new Campaign { Name = "" };
        step.ApplyTo(campaign);
        Assert.Equal(["Fast", "Cheap"], campaign.Features);
    }

    [Theory]
    [InlineData("18", "65", null, null)]
    [InlineData("13", "100", null, null)]
    [InlineData("", "", null, null)]
    [InlineData("30", "30", null, null)]
    [InlineData("12", "", "AgeMin", "from 13 to 100")]
    [InlineData("", "101", "AgeMax", "from 13 to 100")]
    [InlineData("eighteen", "", "AgeMin", "whole number")]
    [InlineData("18.5", "", "AgeMin", "whole number")]
    [InlineData("-20", "", "AgeMin", "whole number")]
    [InlineData("40", "30", "AgeMax", "at least the youngest")]
    public void Ages_are_whole_years_from_13_to_100_with_the_youngest_first(string min, string max, string? field, string? message)
    {
        var step = new AudienceStep { AgeMin = min, AgeMax = max };

        var errors = step.Validate();

        if (field is null) Assert.Empty(errors);
        else Assert.Contains(message!, Assert.Single(errors, e => e.Field == field).Message);
    }

    [Theory]
    [InlineData("https://example.com/buy", true)]
    [InlineData("http://shop.example/p?id=1", true)]
    [InlineData("example.com/buy", false)]
    [InlineData("/buy", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("mailto:sales@example.com", false)]
    [InlineData("ftp://example.com", false)]
    public void A_call_to_action_must_be_a_full_web_address(string url, bool valid)
    {
        var step = new ChatFlowStep { CallToActionUrl = url };

        Assert.Equal(valid, !Messages(step, nameof(ChatFlowStep.CallToActionUrl)).Any());
    }

    [Fact]
    public void An_objection_needs_its_answer_and_an_answer_its_objection_while_blank_pairs_are_ignored()
    {
        var step = new ChatFlowStep
        {
            Objections =
            [
                new() { Objection = "Too expensive", Answer = "It pays for itself in a month." },
                new() { Objection = "No time" },
                new() { Answer = "We set it up for you." },
                new(),
            ],
        };

        Assert.Equal("Give the answer the AI should use.", Assert.Single(Messages(step, "Objections[1].Answer")));
        Assert.Equal("Say which objection this answers.", Assert.Single(Messages(step, "Objections[2].Objection")));

        step.Objections.RemoveRange(1, 2);
        Assert.Empty(step.Validate());
        var campaign = new Campaign { Name = "" };
        step.ApplyTo(campaign);
        Assert.Equal("It pays for itself in a month.", Assert.Single(campaign.Objections).Answer);
    }

    [Fact]
    public void All_channels_wins_over_the_ticks_and_only_known_channels_are_accepted()
    {
        Assert.Equal(CampaignChannels.All, new ChannelsStep { All = true, Selected = ["Web"] }.Combined);
        Assert.Equal(CampaignChannels.Web | CampaignChannels.Telegram, new ChannelsStep { Selected = ["Web", "Telegram"] }.Combined);
        foreach (var unknown in new[] { "64", "All", "Fax", "web" })
            Assert.Equal("Choose channels from the list.", Assert.Single(new ChannelsStep { Selected = [unknown] }.Validate()).Message);

        var round = ChannelsStep.From(new Campaign { Name = "", Channels = CampaignChannels.All });
        Assert.True(round.All);
    }
}
