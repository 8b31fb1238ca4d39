using System.Text.RegularExpressions;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Telegram;
using Streamline.Core.Conversations;

namespace Streamline.Tests.Channels;

[Collection(MetaTelegramApps.Sqlite)]
public class TelegramProviderTests(MetaTelegramSqliteApp app)
{
    private static readonly ChannelCredentials Bot = new("bot", BotToken: FakeTelegram.Token, WebhookSecret: TelegramWebhookSecret.New());

    private IChannelProvider Telegram => app.ProviderFor(ConversationChannel.Telegram);

    private async Task<MessagingChannel> ChannelAsync() => await app.InsertChannelAsync(ConversationChannel.Telegram, Bot);

    [Fact]
    public async Task Testing_the_connection_names_the_bot_or_says_the_token_is_wrong()
    {
        var channel = await ChannelAsync();

        var ok = await Telegram.TestConnectionAsync(channel, Bot, default);
        Assert.Equal(ChannelCheck.Passed("Connected to the bot @fake_shop_bot."), ok);

        var unknown = await Telegram.TestConnectionAsync(channel, Bot with { BotToken = "987654321:AAE-not_a_token_this_server_knows_xyz" }, default);
        Assert.False(unknown.Ok);
        Assert.Contains("does not know this bot token", unknown.Message);

        var calls = app.Telegram.Calls.Count;
        var malformed = await Telegram.TestConnectionAsync(channel, Bot with { BotToken = "just some words" }, default);
        Assert.False(malformed.Ok);
        Assert.Contains("not a bot token", malformed.Message);
        Assert.Equal(calls, app.Telegram.Calls.Count);
    }

    [Fact]
    public async Task Connecting_sets_the_webhook_with_the_channels_secret_for_messages_and_edits()
    {
        var channel = await ChannelAsync();
        var url = new Uri($"https://shop.example/webhooks/telegram/{channel.Id}");

        var check = await Telegram.ConnectAsync(channel, Bot, url, default);

        Assert.True(check.Ok);
        var call = app.Telegram.CallsOf("setWebhook").Last();
        Assert.Equal(url.AbsoluteUri, call.Parameters["url"]!.ToString());
        Assert.Equal(Bot.WebhookSecret, call.Parameters["secret_token"]!.ToString());
        Assert.Equal(["message", "edited_message"], call.Parameters["allowed_updates"]!.AsArray().Select(u => u!.ToString()));
    }

    [Fact]
    public async Task A_reply_is_sent_to_the_chat_and_named_by_chat_and_message_id()
    {
        var channel = await ChannelAsync();

        var outcome = await Telegram.SendAsync(channel, Bot, new OutboundChannelMessage("-1001234567890123", "Our sofa is €899.", false), default);

        var sent = Assert.IsType<SendOutcome.Sent>(outcome);
        Assert.Matches(@"^-1001234567890123:\d+$", sent.ProviderMessageId);
        var call = app.Telegram.CallsOf("sendMessage").Last();
        Assert.Equal(("-1001234567890123", "Our sofa is €899."), (call.Parameters["chat_id"]!.ToString(), call.Parameters["text"]!.ToString()));
        Assert.Equal(4096, Telegram.MaxTextLength);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_later_after_telegrams_retry_after_without_the_client_waiting()
    {
        var channel = await ChannelAsync();
        var before = app.Telegram.CallsOf("sendMessage").Count();
        app.Telegram.FloodNext(retryAfterSeconds: 7);

        var outcome = await Telegram.SendAsync(channel, Bot, new OutboundChannelMessage("42", "Hi", false), default);

        var retry = Assert.IsType<SendOutcome.RetryLater>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), retry.After);
        Assert.Equal(before + 1, app.Telegram.CallsOf("sendMessage").Count());
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_are_retried_later()
    {
        var channel = await ChannelAsync();

        app.Telegram.FailNext(502, "Bad Gateway");
        Assert.IsType<SendOutcome.RetryLater>(await Telegram.SendAsync(channel, Bot, new OutboundChannelMessage("42", "Hi", false), default));

        app.Telegram.DropNext();
        Assert.IsType<SendOutcome.RetryLater>(await Telegram.SendAsync(channel, Bot, new OutboundChannelMessage("42", "Hi", false), default));
    }

    [Fact]
    public async Task A_blocked_bot_or_a_bad_request_is_rejected_with_telegrams_words()
    {
        var channel = await ChannelAsync();

        app.Telegram.BlockedNext();
        var blocked = Assert.IsType<SendOutcome.Rejected>(
            await Telegram.SendAsync(channel, Bot, new OutboundChannelMessage("42", "Hi", false), default));
        Assert.Equal("403", blocked.Code);
        Assert.Contains("bot was blocked by the user", blocked.Message);

        app.Telegram.FailNext(400, "Bad Request: chat not found");
        var notFound = Assert.IsType<SendOutcome.Rejected>(
            await Telegram.SendAsync(channel, Bot, new OutboundChannelMessage("42", "Hi", false), default));
        Assert.Equal("400", notFound.Code);

        Assert.IsType<SendOutcome.Rejected>(await Telegram.SendAsync(channel, Bot, new OutboundChannelMessage("not-a-chat", "Hi", false), default));
    }

    [Fact]
    public async Task A_file_the_customer_sent_is_fetched_unless_gone_or_too_big()
    {
        var channel = await ChannelAsync();
        var photo = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        app.Telegram.AddFile("photo-1", photo);

        var fetched = await Telegram.FetchMediaAsync(channel, Bot, new InboundMedia("photo-1", "image/jpeg"), maxBytes: 10_000, default);

        Assert.NotNull(fetched);
        Assert.Equal(photo, fetched.Content);
        Assert.Equal(("image/jpeg", "photo-1.jpg"), (fetched.ContentType, fetched.FileName));
        Assert.Null(await Telegram.FetchMediaAsync(channel, Bot, new InboundMedia("photo-1"), maxBytes: 4_999, default));
        Assert.Null(await Telegram.FetchMediaAsync(channel, Bot, new InboundMedia("gone"), maxBytes: 10_000, default));
    }

    [Fact]
    public void A_webhook_secret_is_new_each_time_within_telegrams_alphabet_and_compared_exactly()
    {
        var secrets = Enumerable.Range(0, 20).Select(_ => TelegramWebhookSecret.New()).ToList();

        Assert.All(secrets, s => Assert.Matches(new Regex("^[A-Za-z0-9_-]{1,256}$"), s));
        Assert.Equal(20, secrets.Distinct().Count());
        Assert.True(TelegramWebhookSecret.Matches(secrets[0], secrets[0]));
        Assert.False(TelegramWebhookSecret.Matches(secrets[0], secrets[1]));
        Assert.False(TelegramWebhookSecret.Matches(secrets[0][..^1], secrets[0]));
        Assert.False(TelegramWebhookSecret.Matches("", ""));
        Assert.False(TelegramWebhookSecret.Matches(null, secrets[0]));
    }
}
