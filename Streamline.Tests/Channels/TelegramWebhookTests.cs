using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Channels.Telegram;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

public abstract class TelegramWebhookTests<TApp>(TApp app) where TApp : MetaTelegramApp
{
    private async Task<(MessagingChannel Channel, string Secret)> BotAsync(ChannelConnection connection = ChannelConnection.Connected)
    {
        var secret = TelegramWebhookSecret.New();
        var channel = await app.InsertChannelAsync(ConversationChannel.Telegram,
            new ChannelCredentials("bot", BotToken: FakeTelegram.Token, WebhookSecret: secret), connection: connection);
        return (channel, secret);
    }

    private async Task<HttpResponseMessage> PostAsync(Guid channelId, byte[] body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{channelId}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (secret is not null) request.Headers.Add(TelegramWebhookSecret.Header, secret);
        return await app.NewClient().Http.SendAsync(request);
    }

    [Theory]
    [InlineData("telegram-text.json", InboundKind.Text)]
    [InlineData("telegram-photo.json", InboundKind.Image)]
    [InlineData("telegram-edited.json", InboundKind.Text)]
    public async Task An_update_with_the_channels_secret_is_accepted_for_that_channel(string fixture, InboundKind kind)
    {
        var (channel, secret) = await BotAsync();

        var response = await PostAsync(channel.Id, ChannelFixtures.Bytes(fixture), secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(app.Ingest.MessagesFor(channel.Id));
        Assert.Equal((channel.RouteKey, kind), (message.RouteKey, message.Kind));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-secret")]
    public async Task A_missing_or_wrong_secret_is_refused_and_nothing_is_stored(string? presented)
    {
        var (channel, _) = await BotAsync();

        var response = await PostAsync(channel.Id, ChannelFixtures.Bytes("telegram-text.json"), presented);
        var otherBots = await PostAsync(channel.Id, ChannelFixtures.Bytes("telegram-text.json"), (await BotAsync()).Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherBots.StatusCode);
        Assert.Empty(app.Ingest.MessagesFor(channel.Id));
    }

    [Fact]
    public async Task A_wrong_secret_counts_against_the_channels_health_and_an_accepted_update_clears_it()
    {
        var (channel, secret) = await BotAsync();

        await PostAsync(channel.Id, ChannelFixtures.Bytes("telegram-text.json"), "wrong-secret");
        var failed = await HealthAsync(channel.Id);
        Assert.Equal((1, 1), (failed.SignatureFailures, failed.SignatureFailuresInARow));
        Assert.Null(failed.LastInboundAt);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(channel.Id, ChannelFixtures.Bytes("telegram-text.json"), secret)).StatusCode);
        var passed = await HealthAsync(channel.Id);
        Assert.Equal((1, 0), (passed.SignatureFailures, passed.SignatureFailuresInARow));
        Assert.NotNull(passed.LastInboundAt);
    }

    private async Task<ChannelHealthRecord> HealthAsync(Guid channelId)
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelHealth.IgnoreQueryFilters().AsNoTracking().SingleAsync(h => h.ChannelId == channelId);
    }

    [Fact]
    public async Task No_connected_bot_at_that_address_is_a_404()
    {
        var (disconnected, secret) = await BotAsync(ChannelConnection.Disconnected);
        var page = await app.InsertChannelAsync(ConversationChannel.Messenger,
            new ChannelCredentials("p", WebhookSecret: secret, AppSecret: MetaTelegramApp.AppSecret));
        var body = ChannelFixtures.Bytes("telegram-text.json");

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Guid.NewGuid(), body, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(disconnected.Id, body, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(page.Id, body, secret)).StatusCode);
        Assert.Empty(app.Ingest.MessagesFor(disconnected.Id));
        Assert.Empty(app.Ingest.MessagesFor(page.Id));
    }

    [Fact]
    public async Task A_body_that_is_not_an_update_is_a_400_and_an_ignored_update_a_200()
    {
        var (channel, secret) = await BotAsync();

        var malformed = await PostAsync(channel.Id, Encoding.UTF8.GetBytes("{\"update_id\":"), secret);
        var ignored = await PostAsync(channel.Id, """{"update_id":9,"my_chat_member":{}}"""u8.ToArray(), secret);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Empty(app.Ingest.MessagesFor(channel.Id));
    }
}

[Collection(MetaTelegramApps.Sqlite)]
public sealed class TelegramWebhookTests_Sqlite(MetaTelegramSqliteApp app) : TelegramWebhookTests<MetaTelegramSqliteApp>(app);

[Collection(MetaTelegramApps.Postgres)]
public sealed class TelegramWebhookTests_Postgres(MetaTelegramPostgresApp app) : TelegramWebhookTests<MetaTelegramPostgresApp>(app);
