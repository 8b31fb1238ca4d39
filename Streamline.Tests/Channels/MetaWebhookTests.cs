using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;

namespace Streamline.Tests.Channels;

public abstract class MetaWebhookTests<TApp>(TApp app) where TApp : MetaTelegramApp
{
    private Task<MessagingChannel> ChannelAsync(ConversationChannel kind, string? account = null, string appSecret = MetaTelegramApp.AppSecret,
        ChannelConnection connection = ChannelConnection.Connected)
    {
        account ??= Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString();
        return app.InsertChannelAsync(kind, new ChannelCredentials(account, AccessToken: FakeMetaGraph.Token, AppSecret: appSecret),
            routeKey: account, connection: connection);
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (signature is not null) request.Headers.Add(MetaSignature.Header, signature);
        return await app.NewClient().Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostSignedAsync(byte[] body, string secret = MetaTelegramApp.AppSecret) =>
        PostAsync(body, MetaSignature.Sign(body, secret));

    private static byte[] Text(string @object, string account, string mid, string text = "hi") => Encoding.UTF8.GetBytes($$$"""
        {"object":"{{{@object}}}","entry":[{"id":"{{{account}}}","time":1700000000000,"messaging":[
          {"sender":{"id":"U-{{{mid}}}"},"recipient":{"id":"{{{account}}}"},"timestamp":1700000000000,"message":{"mid":"{{{mid}}}","text":"{{{text}}}"}}]}]}
        """);

    [Fact]
    public async Task The_handshake_echoes_the_challenge_only_for_a_connected_channels_verify_token()
    {
        var page = await ChannelAsync(ConversationChannel.Messenger);
        var gone = await ChannelAsync(ConversationChannel.Instagram, connection: ChannelConnection.Disconnected);
        var client = app.NewClient().Http;

        var ok = await client.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={page.VerifyToken}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());

        foreach (var query in new[]
        {
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
            $"hub.mode=subscribe&hub.challenge=1&hub.verify_token={gone.VerifyToken}",
            $"hub.mode=unsubscribe&hub.challenge=1&hub.verify_token={page.VerifyToken}",
            "hub.mode=subscribe&hub.challenge=1",
            "",
        })
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/webhooks/meta?{query}")).StatusCode);
    }

    [Fact]
    public async Task The_fixtures_signed_as_sent_are_accepted_for_their_page_and_account()
    {
        var page = await ChannelAsync(ConversationChannel.Messenger, "111111");
        var echoPage = await ChannelAsync(ConversationChannel.Messenger, "PAGE_ID");
        var instagram = await ChannelAsync(ConversationChannel.Instagram, "17841452691600098");

        foreach (var fixture in new[] { "messenger-text.json", "messenger-echo.json", "instagram-attachment-unsupported.json" })
            Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync(ChannelFixtures.Bytes(fixture))).StatusCode);

        Assert.Equal("hello, world!", Assert.Single(app.Ingest.MessagesFor(page.Id)).Text);
        Assert.Empty(app.Ingest.MessagesFor(echoPage.Id));
        Assert.Equal("unsupported_type", Assert.Single(app.Ingest.MessagesFor(instagram.Id)).UnsupportedType);
    }

    [Fact]
    public async Task A_missing_or_wrong_signature_is_refused_and_nothing_is_stored()
    {
        var page = await ChannelAsync(ConversationChannel.Messenger);
        var body = Text("page", page.RouteKey, $"m-{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, "sha256=00")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync(body, "another-apps-secret")).StatusCode);
        var tampered = Text("page", page.RouteKey, $"m-{Guid.NewGuid():N}", text: "tampered");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(tampered, MetaSignature.Sign(body, MetaTelegramApp.AppSecret))).StatusCode);

        Assert.Empty(app.Ingest.MessagesFor(page.Id));
    }

    [Fact]
    public async Task A_wrong_signature_counts_against_the_channels_health_and_a_signed_delivery_clears_it()
    {
        var page = await ChannelAsync(ConversationChannel.Instagram);

        await PostSignedAsync(Text("instagram", page.RouteKey, $"m-{Guid.NewGuid():N}"), "another-apps-secret");
        var failed = await HealthAsync(page.Id);
        Assert.Equal((1, 1), (failed.SignatureFailures, failed.SignatureFailuresInARow));
        Assert.Null(failed.LastInboundAt);

        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync(Text("instagram", page.RouteKey, $"m-{Guid.NewGuid():N}"))).StatusCode);
        var passed = await HealthAsync(page.Id);
        Assert.Equal((1, 0), (passed.SignatureFailures, passed.SignatureFailuresInARow));
        Assert.NotNull(passed.LastInboundAt);
    }

    private async Task<ChannelHealthRecord> HealthAsync(Guid channelId)
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelHealth.IgnoreQueryFilters().AsNoTracking().SingleAsync(h => h.ChannelId == channelId);
    }

    [Fact]
    public async Task A_delivery_for_a_page_and_an_instagram_account_of_the_same_kind_goes_to_each_channel()
    {
        var first = await ChannelAsync(ConversationChannel.Instagram);
        var second = await ChannelAsync(ConversationChannel.Instagram);
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"instagram","entry":[
              {"id":"{{{first.RouteKey}}}","time":1,"messaging":[{"sender":{"id":"A"},"recipient":{"id":"{{{first.RouteKey}}}"},"timestamp":1700000000000,"message":{"mid":"a1","text":"to first"}}]},
              {"id":"{{{second.RouteKey}}}","time":1,"messaging":[{"sender":{"id":"B"},"recipient":{"id":"{{{second.RouteKey}}}"},"timestamp":1700000000000,"message":{"mid":"b1","text":"to second"}}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync(body)).StatusCode);

        Assert.Equal("to first", Assert.Single(app.Ingest.MessagesFor(first.Id)).Text);
        Assert.Equal("to second", Assert.Single(app.Ingest.MessagesFor(second.Id)).Text);
    }

    [Fact]
    public async Task A_signature_must_hold_for_every_channel_the_delivery_names()
    {
        var ours = await ChannelAsync(ConversationChannel.Messenger);
        var anotherApps = await ChannelAsync(ConversationChannel.Messenger, appSecret: "another-apps-secret");
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[
              {"id":"{{{ours.RouteKey}}}","time":1,"messaging":[{"sender":{"id":"A"},"recipient":{"id":"{{{ours.RouteKey}}}"},"timestamp":1700000000000,"message":{"mid":"c1","text":"x"}}]},
              {"id":"{{{anotherApps.RouteKey}}}","time":1,"messaging":[{"sender":{"id":"B"},"recipient":{"id":"{{{anotherApps.RouteKey}}}"},"timestamp":1700000000000,"message":{"mid":"d1","text":"y"}}]}]}
            """);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync(body)).StatusCode);

        Assert.Empty(app.Ingest.MessagesFor(ours.Id));
        Assert.Empty(app.Ingest.MessagesFor(anotherApps.Id));
    }

    [Fact]
    public async Task A_delivery_for_no_connected_account_is_acknowledged_and_ignored()
    {
        var gone = await ChannelAsync(ConversationChannel.Messenger, connection: ChannelConnection.Disconnected);
        var instagramOnly = await ChannelAsync(ConversationChannel.Instagram);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Text("page", gone.RouteKey, "g1"), null)).StatusCode);
        // An Instagram account's id in a Messenger delivery names no Messenger channel.
        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync(Text("page", instagramOnly.RouteKey, "g2"))).StatusCode);

        Assert.Empty(app.Ingest.MessagesFor(gone.Id));
        Assert.Empty(app.Ingest.MessagesFor(instagramOnly.Id));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"object":"page"}""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[]}""")]
    public async Task A_body_that_is_not_a_delivery_is_a_400(string body)
    {
        var response = await PostAsync(Encoding.UTF8.GetBytes(body), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_signed_delivery_whose_messages_are_malformed_is_a_400_and_stores_nothing()
    {
        var page = await ChannelAsync(ConversationChannel.Messenger);
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"{{{page.RouteKey}}}","messaging":[{"sender":{"id":"U"},"timestamp":1,"message":{"text":"no mid"}}]}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, (await PostSignedAsync(body)).StatusCode);
        Assert.Empty(app.Ingest.MessagesFor(page.Id));
    }

    [Theory]
    [InlineData("{{ACCOUNT}}")]
    [InlineData("{\"id\":\"{{ACCOUNT}}\"}")]
    [InlineData("null")]
    public async Task A_signed_delivery_with_an_entry_whose_account_is_not_a_string_is_a_400_and_stores_nothing(string id)
    {
        var page = await ChannelAsync(ConversationChannel.Messenger);
        var account = id.Replace("{{ACCOUNT}}", page.RouteKey);
        // The page's own entry as Meta sends it, and a second that names its account as a number, an object or nothing.
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[
              {"id":"{{{page.RouteKey}}}","time":1700000000000,"messaging":[
                {"sender":{"id":"U-1"},"recipient":{"id":"{{{page.RouteKey}}}"},"timestamp":1700000000000,"message":{"mid":"m-{{{Guid.NewGuid():N}}}","text":"hi"}}]},
              {"id":{{{account}}},"time":1700000000000,"messaging":[]}]}
            """);

        var response = await PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(app.Ingest.MessagesFor(page.Id));
    }
}

[Collection(MetaTelegramApps.Sqlite)]
public sealed class MetaWebhookTests_Sqlite(MetaTelegramSqliteApp app) : MetaWebhookTests<MetaTelegramSqliteApp>(app);

[Collection(MetaTelegramApps.Postgres)]
public sealed class MetaWebhookTests_Postgres(MetaTelegramPostgresApp app) : MetaWebhookTests<MetaTelegramPostgresApp>(app);
