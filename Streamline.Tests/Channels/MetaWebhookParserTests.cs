using System.Text;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Meta;
using Streamline.Core.Conversations;

namespace Streamline.Tests.Channels;

public class MetaWebhookParserTests
{
    [Fact]
    public void A_Messenger_text_is_routed_by_its_page_and_keyed_by_its_mid()
    {
        var body = ChannelFixtures.Bytes("messenger-text.json");

        var route = MetaWebhookParser.ReadRoute(body)!;
        Assert.Equal((ConversationChannel.Messenger, "111111"), (route.Channel, Assert.Single(route.AccountIds)));
        var message = Assert.Single(MetaWebhookParser.Parse(body)!.Messages);
        Assert.Equal(new InboundChannelMessage("111111", "mid.1457764197618:41d102a3e1ae206a38", "USER_ID",
            DateTimeOffset.FromUnixTimeMilliseconds(1457764197627), InboundKind.Text, "hello, world!"), message);
    }

    [Fact]
    public void The_apps_own_echoes_are_dropped()
    {
        var body = ChannelFixtures.Bytes("messenger-echo.json");

        Assert.Equal(["PAGE_ID"], MetaWebhookParser.ReadRoute(body)!.AccountIds);
        Assert.Empty(MetaWebhookParser.Parse(body)!.Messages);
    }

    [Fact]
    public void An_Instagram_attachment_of_an_unsupported_type_is_kept_and_labelled()
    {
        var body = ChannelFixtures.Bytes("instagram-attachment-unsupported.json");

        var route = MetaWebhookParser.ReadRoute(body)!;
        Assert.Equal((ConversationChannel.Instagram, "17841452691600098"), (route.Channel, Assert.Single(route.AccountIds)));
        var message = Assert.Single(MetaWebhookParser.Parse(body)!.Messages);
        Assert.Equal((InboundKind.Unsupported, "unsupported_type", "5614879045272581", "17841452691600098"),
            (message.Kind, message.UnsupportedType, message.SenderId, message.RouteKey));
        Assert.StartsWith("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3OD", message.ProviderMessageId);
    }

    [Fact]
    public void Attachments_become_media_named_by_their_url_one_message_each()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"object":"page","entry":[{"id":"P1","time":1,"messaging":[
              {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1700000000000,
               "message":{"mid":"m1","text":"see these","attachments":[
                 {"type":"image","payload":{"url":"https://cdn.example/i.jpg"}},
                 {"type":"file","payload":{"url":"https://cdn.example/q.pdf"}},
                 {"type":"audio","payload":{"url":"https://cdn.example/a.mp4"}},
                 {"type":"video","payload":{"url":"https://cdn.example/v.mp4"}},
                 {"type":"fallback","payload":{"url":"https://example.com","title":"A link"}}]}}]}]}
            """);

        var messages = MetaWebhookParser.Parse(body)!.Messages;

        Assert.Equal(["m1", "m1#2", "m1#3", "m1#4", "m1#5"], messages.Select(m => m.ProviderMessageId));
        Assert.Equal([InboundKind.Image, InboundKind.Document, InboundKind.Audio, InboundKind.Video, InboundKind.Unsupported],
            messages.Select(m => m.Kind));
        Assert.Equal("https://cdn.example/i.jpg", messages[0].Media!.ProviderMediaId);
        Assert.Equal(["see these", null, null, null, null], messages.Select(m => m.Text));
        Assert.Equal("fallback", messages[4].UnsupportedType);
    }

    [Fact]
    public void A_batch_of_several_entries_is_read_whole_deletions_ignored_and_receipts_become_statuses()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"object":"instagram","entry":[
              {"id":"IG1","time":1,"messaging":[
                {"sender":{"id":"S1"},"recipient":{"id":"IG1"},"timestamp":1700000000000,"message":{"mid":"a","text":"one"}},
                {"sender":{"id":"S1"},"recipient":{"id":"IG1"},"timestamp":1700000001000,"message":{"mid":"b","is_deleted":true}}]},
              {"id":"IG2","time":1,"messaging":[
                {"sender":{"id":"S2"},"recipient":{"id":"IG2"},"timestamp":1700000002000,"message":{"mid":"c","text":"two"}},
                {"sender":{"id":"S2"},"recipient":{"id":"IG2"},"timestamp":1700000003000,"delivery":{"mids":["out-1"],"watermark":1700000003000}}]}]}
            """);

        Assert.Equal(["IG1", "IG2"], MetaWebhookParser.ReadRoute(body)!.AccountIds);
        var batch = MetaWebhookParser.Parse(body)!;
        Assert.Equal([("IG1", "a"), ("IG2", "c")], batch.Messages.Select(m => (m.RouteKey, m.ProviderMessageId)));
        var status = Assert.Single(batch.Statuses);
        Assert.Equal(("IG2", "out-1", ChannelDeliveryState.Delivered), (status.RouteKey, status.ProviderMessageId, status.State));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[]}""")]
    [InlineData("""{"object":"page"}""")]
    public void A_body_that_is_not_a_Messenger_or_Instagram_delivery_has_no_route(string body)
    {
        Assert.Null(MetaWebhookParser.ReadRoute(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("""{"object":"page","entry":[{"id":"P","messaging":[{"sender":{"id":"U"},"timestamp":1,"message":{"text":"no mid"}}]}]}""")]
    [InlineData("""{"object":"page","entry":[{"id":"P","messaging":[{"sender":{"id":"U"},"timestamp":"x","message":{"mid":"m"}}]}]}""")]
    public void A_message_missing_what_identifies_it_makes_the_body_malformed(string body)
    {
        Assert.Null(MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("""{"object":"page","entry":[{"id":111111,"messaging":[]}]}""")]
    [InlineData("""{"object":"instagram","entry":[{"id":{"id":"178"},"messaging":[]}]}""")]
    [InlineData("""{"object":"page","entry":[{"id":"111111","messaging":[]},{"time":1,"messaging":[]}]}""")]
    [InlineData("""{"object":"page","entry":[{"id":"","messaging":[]}]}""")]
    public void An_entry_whose_account_id_is_not_a_string_makes_the_body_malformed(string body)
    {
        Assert.Null(MetaWebhookParser.ReadRoute(Encoding.UTF8.GetBytes(body)));
        Assert.Null(MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
