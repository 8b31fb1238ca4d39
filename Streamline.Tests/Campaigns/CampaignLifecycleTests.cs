using Streamline.Core.Campaigns;

namespace Streamline.Tests.Campaigns;

public sealed class CampaignLifecycleTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A campaign with everything activation asks for.</summary>
    public static Campaign Complete(CampaignStatus status = CampaignStatus.Draft) => new()
    {
        Name = "Summer sale", ProductName = "Premium CRM", ProductDescription = "A CRM for small teams.", PriceCents = 49_99,
        Currency = "USD", Channels = CampaignChannels.Web, Greeting = "Hi!", ClosingMessage = "Shall I send the link?", Status = status,
    };

    [Theory]
    [InlineData(CampaignStatus.Draft, CampaignStatus.Active)]
    [InlineData(CampaignStatus.Active, CampaignStatus.Paused)]
    [InlineData(CampaignStatus.Paused, CampaignStatus.Active)]
    [InlineData(CampaignStatus.Active, CampaignStatus.Completed)]
    [InlineData(CampaignStatus.Paused, CampaignStatus.Completed)]
    public void Allowed_moves_change_the_status(CampaignStatus from, CampaignStatus to)
    {
        var campaign = Complete(from);

        Assert.Null(CampaignLifecycle.TryMove(campaign, to, Now));
        Assert.Equal(to, campaign.Status);
    }

    [Theory]
    [InlineData(CampaignStatus.Draft, CampaignStatus.Paused, "A campaign that is a draft cannot be paused.")]
    [InlineData(CampaignStatus.Draft, CampaignStatus.Completed, "A campaign that is a draft cannot be completed.")]
    [InlineData(CampaignStatus.Active, CampaignStatus.Draft, "A campaign that is active cannot be turned back into a draft.")]
    [InlineData(CampaignStatus.Paused, CampaignStatus.Draft, "A campaign that is paused cannot be turned back into a draft.")]
    [InlineData(CampaignStatus.Completed, CampaignStatus.Active, "completed is final")]
    [InlineData(CampaignStatus.Completed, CampaignStatus.Paused, "completed is final")]
    [InlineData(CampaignStatus.Completed, CampaignStatus.Draft, "completed is final")]
    [InlineData(CampaignStatus.Active, CampaignStatus.Active, "already active")]
    public void Other_moves_are_refused_with_the_reason_and_change_nothing(CampaignStatus from, CampaignStatus to, string reason)
    {
        var campaign = Complete(from);

        Assert.Contains(reason, CampaignLifecycle.TryMove(campaign, to, Now));
        Assert.Equal(from, campaign.Status);
        Assert.Null(campaign.ActivatedAt);
        Assert.Null(campaign.CompletedAt);
    }

    [Fact]
    public void Activation_of_an_incomplete_draft_is_refused_naming_every_missing_part()
    {
        var campaign = new Campaign { Name = "Bare", Channels = CampaignChannels.None, Currency = "XXX", CallToActionUrl = "ftp://example.com" };

        var refusal = CampaignLifecycle.TryMove(campaign, CampaignStatus.Active, Now);

        Assert.Equal("To activate, add a product name, a product description, a supported currency, at least one channel, a greeting, " +
                     "a closing message and a call-to-action link that is a full http(s) address.", refusal);
        Assert.Equal(CampaignStatus.Draft, campaign.Status);
    }

    [Fact]
    public void One_missing_part_is_named_alone()
    {
        var campaign = Complete();
        campaign.Greeting = "  ";

        Assert.Equal(["a greeting"], CampaignLifecycle.MissingForActivation(campaign));
        Assert.Equal("To activate, add a greeting.", CampaignLifecycle.TryMove(campaign, CampaignStatus.Active, Now));
    }

    [Fact]
    public void A_complete_campaign_with_a_free_price_and_no_link_can_go_live()
    {
        var campaign = Complete();
        campaign.PriceCents = 0;

        Assert.Empty(CampaignLifecycle.MissingForActivation(campaign));
    }

    [Fact]
    public void Going_live_stamps_the_first_activation_and_completing_stamps_the_end()
    {
        var campaign = Complete();
        CampaignLifecycle.TryMove(campaign, CampaignStatus.Active, Now);
        CampaignLifecycle.TryMove(campaign, CampaignStatus.Paused, Now.AddDays(1));
        CampaignLifecycle.TryMove(campaign, CampaignStatus.Active, Now.AddDays(2));
        Assert.Equal(Now, campaign.ActivatedAt);
        Assert.Null(campaign.CompletedAt);

        CampaignLifecycle.TryMove(campaign, CampaignStatus.Completed, Now.AddDays(3));

        Assert.Equal(Now.AddDays(3), campaign.CompletedAt);
    }

    [Fact]
    public void Only_drafts_can_be_deleted_and_only_completed_campaigns_cannot_be_edited()
    {
        Assert.Equal([CampaignStatus.Draft], Enum.GetValues<CampaignStatus>().Where(CampaignLifecycle.CanDelete));
        Assert.Equal([CampaignStatus.Completed], Enum.GetValues<CampaignStatus>().Where(s => !CampaignLifecycle.CanEdit(s)));
        Assert.Empty(CampaignLifecycle.NextStatuses(CampaignStatus.Completed));
    }
}
