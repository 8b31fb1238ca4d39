using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>A conversation uses the campaigns that target its own channel, and only those.</summary>
public abstract class ChannelCampaignsTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public void Every_channel_belongs_to_one_campaign_platform()
    {
        foreach (var channel in Enum.GetValues<ConversationChannel>())
            Assert.Contains(channel.Platform(), CampaignChannelNames.Each);
        Assert.Equal(CampaignChannels.Web, ConversationChannel.Portal.Platform());
        Assert.Equal(CampaignChannels.WhatsApp, ConversationChannel.WhatsApp.Platform());
    }

    [Fact]
    public async Task A_website_visitor_is_never_offered_a_campaign_made_only_for_whatsapp()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var whatsAppOnly = await AddCampaignAsync(scene, "Catering on WhatsApp", CampaignChannels.WhatsApp, activatedMinutesAgo: 60);

        var conversation = await scene.StartAsync();
        Assert.Equal(scene.CampaignId, conversation.CampaignId); // the older WhatsApp campaign is not the widget's

        var (reply, _) = await scene.SayAsync(conversation.Id, "What services do you offer? Any catering?");
        Assert.DoesNotContain("Catering on WhatsApp", reply.Posted[0].Text);
        var setup = await app.WithScopeAsync(async sp =>
        {
            await using var db = app.Database.NewContext();
            return await sp.GetRequiredService<SalesSetupCache>().GetAsync(db, scene.WorkspaceId);
        });
        Assert.Equal([scene.CampaignId], setup.CampaignsOn(ConversationChannel.Widget).Select(c => c.Id));
        Assert.Equal([whatsAppOnly], setup.CampaignsOn(ConversationChannel.WhatsApp).Select(c => c.Id));
        Assert.Empty(setup.CampaignsOn(ConversationChannel.Telegram));
    }

    private async Task<Guid> AddCampaignAsync(ConversationScene scene, string product, CampaignChannels channels, int activatedMinutesAgo)
    {
        await using var db = app.Database.NewContext();
        var at = DateTime.UtcNow.AddMinutes(-activatedMinutesAgo);
        var campaign = new Campaign
        {
            WorkspaceId = scene.WorkspaceId, Name = product, Status = CampaignStatus.Active, Channels = channels,
            ProductName = product, ProductDescription = "Party food delivered.", PriceCents = 50_000,
            Greeting = "Hungry?", CreatedAt = at, UpdatedAt = at, ActivatedAt = at,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign.Id;
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class ChannelCampaignsOnSqlite(SqliteApp app) : ChannelCampaignsTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class ChannelCampaignsOnPostgres(PostgresApp app) : ChannelCampaignsTests<PostgresApp>(app);
