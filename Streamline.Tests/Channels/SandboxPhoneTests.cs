using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Sandbox;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

public abstract class SandboxPhoneTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Theory]
    [InlineData(ConversationChannel.WhatsApp)]
    [InlineData(ConversationChannel.Telegram)]
    [InlineData(ConversationChannel.Messenger)]
    [InlineData(ConversationChannel.Instagram)]
    public async Task A_message_written_on_the_phone_is_answered_on_the_phone(ConversationChannel kind)
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var id = await scene.CreateSandboxAsync(kind);

        var sent = await scene.WriteAsync(id, "Hi! What do you sell?");
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("Hi! What do you sell?", await sent.Content.ReadAsStringAsync());

        var phone = await scene.PhoneUntilAsync(id, html => html.Contains("data-outbound=\"true\""));
        Assert.Contains("data-outbound=\"true\"", phone);
        await using var db = app.Database.NewContext();
        var messages = await db.SandboxMessages.IgnoreQueryFilters().Where(m => m.ChannelId == id).OrderBy(m => m.At).ToListAsync();
        Assert.False(messages[0].Outbound);
        Assert.Contains(messages, m => m.Outbound && m.Text.Length > 0);
        // The customer's message went through the webhook endpoint into the channel's conversation, stored once.
        Assert.Equal(1, await db.ChannelMessages.IgnoreQueryFilters().CountAsync(m => m.ChannelId == id && m.ProviderMessageId == messages[0].ProviderMessageId));
    }

    [Fact]
    public async Task Mark_read_on_the_phone_reaches_the_app_as_whatsapps_read_status()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var id = await scene.CreateSandboxAsync(ConversationChannel.WhatsApp);
        Assert.Equal(HttpStatusCode.OK, (await scene.WriteAsync(id, "Hello, are you open today?")).StatusCode);
        await scene.PhoneUntilAsync(id, html => html.Contains("data-outbound=\"true\""));

        var token = await scene.Owner.AntiforgeryTokenAsync("/channels");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{id}/sandbox/Read") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await scene.Owner.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("· read", (await AppClient.ParseAsync(response)).QuerySelector("[data-outbound='true']")!.TextContent);
        await using var db = app.Database.NewContext();
        var sent = await db.SandboxMessages.IgnoreQueryFilters().Where(m => m.ChannelId == id && m.Outbound).Select(m => m.ProviderMessageId).ToListAsync();
        Assert.NotEmpty(sent);
        var states = await db.ChannelMessages.IgnoreQueryFilters()
            .Where(m => m.ChannelId == id && m.ProviderMessageId != null && sent.Contains(m.ProviderMessageId)).Select(m => m.State).ToListAsync();
        Assert.NotEmpty(states);
        Assert.All(states, s => Assert.Equal(ChannelDeliveryState.Read, s));
    }

    [Fact]
    public async Task A_phone_message_with_a_tampered_signature_is_refused_by_the_endpoint()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var id = await scene.CreateSandboxAsync(ConversationChannel.Messenger);
        var channel = await scene.ChannelAsync(id);
        var credentials = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ChannelSecrets>().Unprotect(channel)));
        var (delivery, _) = SandboxPhone.Inbound(channel, credentials, "Hello", 1, DateTimeOffset.UtcNow);

        var loopback = app.Services.GetRequiredService<IWebhookLoopback>();
        var forged = delivery with { Headers = new Dictionary<string, string> { [MetaSignature.Header] = MetaSignature.Sign(delivery.Body, "not-the-secret") } };

        Assert.Equal(200, await loopback.PostAsync(delivery, CancellationToken.None));
        Assert.True(await loopback.PostAsync(forged, CancellationToken.None) is 401 or 403);
    }

    [Fact]
    public async Task The_simulated_provider_refuses_a_wrong_token_as_the_real_ones_do()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var graph = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Messenger));
        var telegram = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Telegram));
        var http = app.Services.GetRequiredService<ChannelHttp>();

        using var graphRequest = new HttpRequestMessage(HttpMethod.Post, "https://graph.facebook.com/v23.0/me/messages")
        {
            Content = new StringContent("""{"recipient":{"id":"1"},"message":{"text":"hi"}}""", Encoding.UTF8, "application/json"),
        };
        graphRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "expired");
        var graphAnswer = await http.For(graph).SendAsync(graphRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, graphAnswer.StatusCode);
        Assert.Contains("\"code\":190", await graphAnswer.Content.ReadAsStringAsync());

        var telegramAnswer = await http.For(telegram).GetAsync("https://api.telegram.org/bot1:wrong/getMe");
        Assert.Equal(HttpStatusCode.Unauthorized, telegramAnswer.StatusCode);
        Assert.Contains("\"error_code\":401", await telegramAnswer.Content.ReadAsStringAsync());

        await using var db = app.Database.NewContext();
        Assert.False(await db.SandboxMessages.IgnoreQueryFilters().AnyAsync(m => m.ChannelId == graph.Id || m.ChannelId == telegram.Id));
    }

    [Fact]
    public async Task A_disconnected_sandbox_phone_sends_nothing()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var id = await scene.CreateSandboxAsync(ConversationChannel.Messenger);
        (await scene.Owner.PostFormAsync("/channels", new Dictionary<string, string>(), $"/channels/Disconnect?id={id}")).EnsureRedirect("/channels");

        var response = await scene.WriteAsync(id, "Anyone there?");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This sandbox channel is disconnected", await response.Content.ReadAsStringAsync());
        await using var db = app.Database.NewContext();
        Assert.False(await db.SandboxMessages.IgnoreQueryFilters().AnyAsync(m => m.ChannelId == id));
        Assert.False(await db.ChannelMessages.IgnoreQueryFilters().AnyAsync(m => m.ChannelId == id));
    }

    [Fact]
    public async Task An_empty_phone_message_gets_a_message_and_sends_nothing()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var id = await scene.CreateSandboxAsync(ConversationChannel.Telegram);

        var response = await scene.WriteAsync(id, "   ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Write a message first.", await response.Content.ReadAsStringAsync());
        await using var db = app.Database.NewContext();
        Assert.False(await db.SandboxMessages.IgnoreQueryFilters().AnyAsync(m => m.ChannelId == id));
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class SandboxPhoneTestsOnSqlite(SqliteApp app) : SandboxPhoneTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class SandboxPhoneTestsOnPostgres(PostgresApp app) : SandboxPhoneTests<PostgresApp>(app);
