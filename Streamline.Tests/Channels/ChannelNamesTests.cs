using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Tests.Analytics;
using Streamline.Tests.Campaigns;
using Streamline.Tests.Support;
using static Streamline.Tests.Channels.ChannelContactsScene;

namespace Streamline.Tests.Channels;

/// <summary>A channel has one name wherever a person reads it: the inbox, the contact page, analytics and the AI preview.</summary>
public abstract class ChannelNamesTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task The_inbox_filter_the_contact_page_analytics_and_the_ai_preview_call_each_channel_by_the_same_name()
    {
        using var owner = await CampaignScene.StartAsync(app);
        var data = await AnalyticsScene.OnAsync(app, owner.WorkspaceId);
        var day = AnalyticsScene.ThreeDaysAgo;
        var onTheWebsite = await data.AddAsync(AnalyticsScene.At(day, 10), null, ConversationChannel.Widget, email: "web@lead.test");
        var onWhatsApp = await data.AddAsync(AnalyticsScene.At(day, 11), null, ConversationChannel.WhatsApp, phone: "+14155550100");
        await AnalyticsScene.AggregateAsync(app, day);

        var inbox = await owner.Client.GetDocumentAsync("/inbox");
        var analytics = await owner.Client.GetDocumentAsync("/analytics?days=7");
        var ask = await owner.Client.GetDocumentAsync("/knowledge/ask");

        foreach (var (channel, conversation, platform) in new[] { (ConversationChannel.Widget, onTheWebsite, CampaignChannels.Web),
                     (ConversationChannel.WhatsApp, onWhatsApp, CampaignChannels.WhatsApp) })
        {
            var contact = await owner.Client.GetDocumentAsync($"/contacts/{await ContactOfConversationAsync(app, conversation)}");
            var name = channel.Name();
            Assert.Equal(name, inbox.QuerySelector($"#inbox-channel option[value='{channel.ToString().ToLowerInvariant()}']")!.TextContent.Trim());
            Assert.Equal(name, contact.QuerySelector($"#contact-conversations [data-channel='{channel}']")!.GetAttribute("title"));
            Assert.Equal(name, analytics.QuerySelector($"#by-channel tr[data-channel='{channel}'] td")!.TextContent.Trim());
            Assert.Equal(name, ask.QuerySelector($"#ask-channel option[value='{platform}']")!.TextContent.Trim());
            Assert.Equal(name, CampaignChannelNames.Name(platform));
        }
        Assert.Equal("Website chat", ConversationChannel.Widget.Name());
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class ChannelNamesTestsOnSqlite(SqliteApp app) : ChannelNamesTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class ChannelNamesTestsOnPostgres(PostgresApp app) : ChannelNamesTests<PostgresApp>(app);
