using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Telegram;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Tests.Conversations;
using Streamline.Tests.Email;

namespace Streamline.Tests.Channels;

/// <summary>From the provider's webhook to the AI's reply accepted by the provider's API, through the real ingest and outbox.</summary>
public abstract class MetaTelegramEndToEndTests<TApp>(TApp app) where TApp : MetaTelegramApp
{
    private async Task<Guid> WorkspaceAsync()
    {
        var scene = await ConversationScene.CreateAsync(app);
        await using var db = app.Database.NewContext();
        await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == scene.CampaignId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Channels, CampaignChannels.All));
        return scene.WorkspaceId;
    }

    private async Task<List<ChatMessage>> MessagesAsync(Guid workspaceId)
    {
        await using var db = app.Database.NewContext();
        return await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId).OrderBy(m => m.Sequence).ToListAsync();
    }

    private static async Task<int> StoredAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IngestAnswer>())!.Stored;
    }

    private sealed record IngestAnswer(int Stored, int Duplicates);

    [Fact]
    public async Task A_telegram_message_is_answered_by_the_ai_through_sendMessage_once_however_often_it_is_delivered()
    {
        var workspaceId = await WorkspaceAsync();
        var secret = TelegramWebhookSecret.New();
        var channel = await app.InsertChannelAsync(ConversationChannel.Telegram,
            new ChannelCredentials("bot", BotToken: FakeTelegram.Token, WebhookSecret: secret), workspaceId: workspaceId);
        var chatId = Random.Shared.NextInt64(1_000_000, 9_000_000_000);
        var update = Encoding.UTF8.GetBytes($$$"""
            {"update_id":{{{Random.Shared.Next(1, 1_000_000)}}},"message":{"message_id":7,"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"Mia"},
             "chat":{"id":{{{chatId}}},"type":"private","first_name":"Mia"},"date":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"text":"Hi, what does a website cost?"}}
            """);

        Task<HttpResponseMessage> Deliver()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{channel.Id}")
            {
                Content = new ByteArrayContent(update) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Add(TelegramWebhookSecret.Header, secret);
            return app.NewClient().Http.SendAsync(request);
        }

        var deliveries = await Task.WhenAll(Deliver(), Deliver(), Deliver());
        var stored = 0;
        foreach (var delivery in deliveries) stored += await StoredAsync(delivery);
        Assert.Equal(1, stored);

        IEnumerable<TelegramCall> Replies() => app.Telegram.CallsOf("sendMessage").Where(c => c.Parameters["chat_id"]!.ToString() == chatId.ToString());
        await Poll.UntilAsync(() => Task.FromResult(Replies().Any()), 60, "the AI's reply was not sent to Telegram");
        var ai = (await MessagesAsync(workspaceId)).Single(m => m.Sender == MessageSender.Ai);
        Assert.Equal(ai.Text, Replies().Single().Parameters["text"]!.ToString());
        Assert.Equal("Hi, what does a website cost?", (await MessagesAsync(workspaceId)).Single(m => m.Sender == MessageSender.Visitor).Text);

        Assert.Equal(0, await StoredAsync(await Deliver()));
        await Task.Delay(500);
        Assert.Single(Replies());
    }

    [Fact]
    public async Task A_messenger_message_is_answered_by_the_ai_as_a_response_from_the_page()
    {
        var workspaceId = await WorkspaceAsync();
        var pageId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString();
        await app.InsertChannelAsync(ConversationChannel.Messenger,
            new ChannelCredentials(pageId, AccessToken: FakeMetaGraph.Token, AppSecret: MetaTelegramApp.AppSecret), routeKey: pageId,
            workspaceId: workspaceId);
        var psid = $"PSID{Guid.NewGuid():N}";
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"{{{pageId}}}","time":1,"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{pageId}}}"},
             "timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"message":{"mid":"m_{{{psid}}}","text":"Hello, do you build shops?"}}]}]}
            """);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(MetaSignature.Header, MetaSignature.Sign(body, MetaTelegramApp.AppSecret));

        Assert.Equal(1, await StoredAsync(await app.NewClient().Http.SendAsync(request)));

        IEnumerable<GraphSend> Replies() => app.Graph.Sends.Where(s => s.Body["recipient"]?["id"]?.ToString() == psid);
        await Poll.UntilAsync(() => Task.FromResult(Replies().Any()), 60, "the AI's reply was not sent to Messenger");
        var reply = Replies().First();
        Assert.Equal((pageId, "RESPONSE"), (reply.AccountId, reply.Body["messaging_type"]!.ToString()));
        var ai = (await MessagesAsync(workspaceId)).Single(m => m.Sender == MessageSender.Ai);
        Assert.StartsWith(reply.Body["message"]!["text"]!.ToString(), ai.Text);
    }

    /// <summary>The start of a JPEG: what the attachment checks sniff.</summary>
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];

    private async Task<MessageAttachment> AttachmentOfAsync(Guid workspaceId)
    {
        ChatMessage? visitor = null;
        await Poll.UntilAsync(async () =>
        {
            visitor = (await MessagesAsync(workspaceId)).SingleOrDefault(m => m.Sender == MessageSender.Visitor);
            return visitor?.Attachments.Count > 0;
        }, 90, "the customer's file was not attached to their message"); // allows for one Hangfire retry of the download
        return Assert.Single(visitor!.Attachments);
    }

    [Fact]
    public async Task A_telegram_photo_is_fetched_and_attached_to_the_customers_message()
    {
        var workspaceId = await WorkspaceAsync();
        var secret = TelegramWebhookSecret.New();
        var channel = await app.InsertChannelAsync(ConversationChannel.Telegram,
            new ChannelCredentials("bot", BotToken: FakeTelegram.Token, WebhookSecret: secret), workspaceId: workspaceId);
        var fileId = $"AgAC{Guid.NewGuid():N}";
        app.Telegram.AddFile(fileId, Jpeg);
        var update = Encoding.UTF8.GetBytes($$$"""
            {"update_id":1,"message":{"message_id":3,"chat":{"id":{{{Random.Shared.Next()}}},"type":"private"},"date":1700000000,
             "photo":[{"file_id":"{{{fileId}}}","file_unique_id":"u","file_size":{{{Jpeg.Length}}},"width":90,"height":67}]}}
            """);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{channel.Id}")
        {
            Content = new ByteArrayContent(update) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(TelegramWebhookSecret.Header, secret);

        Assert.Equal(1, await StoredAsync(await app.NewClient().Http.SendAsync(request)));

        var attachment = await AttachmentOfAsync(workspaceId);
        Assert.Equal(("image/jpeg", (long)Jpeg.Length), (attachment.ContentType, attachment.Bytes));
    }

    [Fact]
    public async Task An_instagram_image_is_downloaded_from_its_url_and_attached_to_the_customers_message()
    {
        var workspaceId = await WorkspaceAsync();
        var accountId = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString();
        await app.InsertChannelAsync(ConversationChannel.Instagram,
            new ChannelCredentials(accountId, AccessToken: FakeMetaGraph.Token, AppSecret: MetaTelegramApp.AppSecret), routeKey: accountId,
            workspaceId: workspaceId);
        var url = app.Graph.AddFile($"{Guid.NewGuid():N}.jpg", Jpeg, "image/jpeg");
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"instagram","entry":[{"id":"{{{accountId}}}","time":1,"messaging":[{"sender":{"id":"IG{{{accountId}}}"},"recipient":{"id":"{{{accountId}}}"},
             "timestamp":1700000000000,"message":{"mid":"ig_{{{accountId}}}","attachments":[{"type":"image","payload":{"url":"{{{url}}}"}}]}}]}]}
            """);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(MetaSignature.Header, MetaSignature.Sign(body, MetaTelegramApp.AppSecret));

        Assert.Equal(1, await StoredAsync(await app.NewClient().Http.SendAsync(request)));

        var attachment = await AttachmentOfAsync(workspaceId);
        Assert.Equal(("image/jpeg", (long)Jpeg.Length), (attachment.ContentType, attachment.Bytes));
    }
}

public sealed class MetaTelegramEndToEndTests_Sqlite(MetaTelegramIngestSqliteApp app)
    : MetaTelegramEndToEndTests<MetaTelegramIngestSqliteApp>(app), IClassFixture<MetaTelegramIngestSqliteApp>;

public sealed class MetaTelegramEndToEndTests_Postgres(MetaTelegramIngestPostgresApp app)
    : MetaTelegramEndToEndTests<MetaTelegramIngestPostgresApp>(app), IClassFixture<MetaTelegramIngestPostgresApp>;
