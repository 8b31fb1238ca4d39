using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>Connecting a live Telegram bot through its page, against <see cref="FakeTelegram"/>.</summary>
public abstract class ChannelConnectPageTests<TApp>(TApp app) where TApp : MetaTelegramApp
{
    [Fact]
    public async Task Saving_a_bot_registers_its_webhook_with_a_generated_secret_and_never_shows_the_token_again()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);

        var saved = await scene.Owner.PostFormAsync("/channels/connect/telegram", new Dictionary<string, string>
        {
            ["Input.Name"] = "Shop bot", ["Input.BotToken"] = FakeTelegram.Token,
        });

        saved.EnsureRedirect("/channels/connect/telegram/");
        var id = Guid.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1]);
        var channel = await scene.ChannelAsync(id);
        Assert.Equal((scene.WorkspaceId, "Shop bot", id.ToString(), ChannelConnection.Connected), (channel.WorkspaceId, channel.Name, channel.RouteKey, channel.Connection));
        var credentials = app.Services.GetRequiredService<ChannelSecrets>().Unprotect(channel);
        Assert.Equal(FakeTelegram.Token, credentials.BotToken);
        Assert.DoesNotContain(FakeTelegram.Token, channel.CredentialsCiphertext);
        var setWebhook = app.Telegram.CallsOf("setWebhook").Last(c => c.Parameters["url"]!.GetValue<string>().EndsWith(id.ToString(), StringComparison.Ordinal));
        Assert.Equal($"https://localhost/webhooks/telegram/{id}", setWebhook.Parameters["url"]!.GetValue<string>());
        Assert.Equal(credentials.WebhookSecret, setWebhook.Parameters["secret_token"]!.GetValue<string>());

        var page = await (await scene.Owner.Http.GetAsync(saved.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Shop bot is connected", page);
        Assert.DoesNotContain(FakeTelegram.Token, page);
        Assert.DoesNotContain(credentials.WebhookSecret!, page);
    }

    [Fact]
    public async Task A_token_telegram_refuses_is_explained_and_nothing_is_stored()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);

        var response = await scene.Owner.PostFormAsync("/channels/connect/telegram", new Dictionary<string, string>
        {
            ["Input.BotToken"] = "987654321:AAE-not_the_token_telegram_knows_0123",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await AppClient.ParseAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(document.QuerySelector("#form-error")?.TextContent));
        Assert.DoesNotContain("987654321:AAE-not_the_token_telegram_knows_0123", document.DocumentElement.OuterHtml);
        await using var db = app.Database.NewContext();
        Assert.False(await db.MessagingChannels.IgnoreQueryFilters().AnyAsync(c => c.WorkspaceId == scene.WorkspaceId));
    }
}

public sealed class ChannelConnectPageTestsOnSqlite(MetaTelegramSqliteApp app)
    : ChannelConnectPageTests<MetaTelegramSqliteApp>(app), IClassFixture<MetaTelegramSqliteApp>;

public sealed class ChannelConnectPageTestsOnPostgres(MetaTelegramPostgresApp app)
    : ChannelConnectPageTests<MetaTelegramPostgresApp>(app), IClassFixture<MetaTelegramPostgresApp>;
