using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

public abstract class ChannelPagesTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task The_channels_pages_are_for_the_workspace_owners_only()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var sandbox = await scene.CreateSandboxAsync(ConversationChannel.Messenger);
        using var member = await scene.MemberAsync();

        foreach (var url in new[] { "/channels", "/channels/connect/whatsapp", $"/channels/{sandbox}/sandbox", $"/channels/{sandbox}/sandbox/Messages" })
        {
            var response = await member.Http.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url} answered {(int)response.StatusCode}");
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
        var token = await member.AntiforgeryTokenAsync("/app");
        var disconnect = await member.Http.PostAsync($"/channels/Disconnect?id={sandbox}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.NotEqual(HttpStatusCode.OK, disconnect.StatusCode);
        Assert.False(disconnect.StatusCode is HttpStatusCode.Redirect && disconnect.Headers.Location!.OriginalString == "/channels");
        Assert.Equal(ChannelConnection.Connected, (await scene.ChannelAsync(sandbox)).Connection);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_changes_nothing()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var response = await scene.Owner.Http.PostAsync("/channels/Sandbox?channel=Telegram", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.Database.NewContext();
        Assert.False(await db.MessagingChannels.IgnoreQueryFilters().AnyAsync(c => c.WorkspaceId == scene.WorkspaceId));
    }

    [Fact]
    public async Task Wrong_fields_are_named_and_the_secrets_typed_are_never_rendered_back()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var response = await scene.Owner.PostFormAsync("/channels/connect/whatsapp", new Dictionary<string, string>
        {
            ["Input.AccountId"] = "not-a-number", ["Input.BusinessAccountId"] = "", ["Input.AccessToken"] = "EAAG-typed-access-token-value",
            ["Input.AppSecret"] = "typed-app-secret-value",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The phone number ID is a number", html);
        Assert.Contains("Enter the WhatsApp Business account ID.", html);
        Assert.DoesNotContain("EAAG-typed-access-token-value", html);
        Assert.DoesNotContain("typed-app-secret-value", html);
        await using var db = app.Database.NewContext();
        Assert.False(await db.MessagingChannels.IgnoreQueryFilters().AnyAsync(c => c.WorkspaceId == scene.WorkspaceId));
    }

    [Fact]
    public async Task Test_connection_says_what_is_wrong_in_the_fragment()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var token = await scene.Owner.AntiforgeryTokenAsync("/channels/connect/telegram");
        var request = new HttpRequestMessage(HttpMethod.Post, "/channels/connect/telegram?handler=Test")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.BotToken"] = "not a token" }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await scene.Owner.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await AppClient.ParseAsync(response);
        Assert.Equal("false", fragment.QuerySelector("[data-test-ok]")!.GetAttribute("data-test-ok"));
        Assert.Contains("A bot token looks like", fragment.QuerySelector("#test-result")!.TextContent);
    }

    [Fact]
    public async Task A_sandbox_channel_keeps_its_credentials_encrypted_and_never_shows_them()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var id = await scene.CreateSandboxAsync(ConversationChannel.Telegram);

        var channel = await scene.ChannelAsync(id);
        Assert.True(channel.IsSandbox);
        Assert.Equal(ChannelConnection.Connected, channel.Connection);
        var credentials = await app.WithScopeAsync(sp => Task.FromResult(
            sp.GetRequiredService<ChannelSecrets>().Unprotect(channel)));
        Assert.False(string.IsNullOrEmpty(credentials.WebhookSecret));
        Assert.DoesNotContain(credentials.BotToken!, channel.CredentialsCiphertext);

        foreach (var url in new[] { "/channels", $"/channels/{id}/sandbox" })
        {
            var html = await (await scene.Owner.Http.GetAsync(url)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(credentials.BotToken!, html);
            Assert.DoesNotContain(credentials.WebhookSecret!, html);
        }
        Assert.Contains("Sandbox — nothing is sent to Telegram", (await scene.Owner.GetDocumentAsync($"/channels/{id}/sandbox")).QuerySelector("#sandbox-label")!.TextContent);
    }

    [Fact]
    public async Task Another_workspaces_channel_is_not_found()
    {
        using var mine = await ChannelPagesScene.CreateAsync(app);
        using var theirs = await ChannelPagesScene.CreateAsync(app);
        var id = await theirs.CreateSandboxAsync(ConversationChannel.Messenger);

        Assert.Equal(HttpStatusCode.NotFound, (await mine.Owner.Http.GetAsync($"/channels/{id}/sandbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Owner.Http.GetAsync($"/channels/{id}/sandbox/Messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.WriteAsync(id, "hello")).StatusCode);
        var token = await mine.Owner.AntiforgeryTokenAsync("/channels");
        var disconnect = await mine.Owner.Http.PostAsync($"/channels/Disconnect?id={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, disconnect.StatusCode);
        Assert.DoesNotContain(id.ToString(), await (await mine.Owner.Http.GetAsync("/channels")).Content.ReadAsStringAsync());
        Assert.Equal(ChannelConnection.Connected, (await theirs.ChannelAsync(id)).Connection);
    }

    [Fact]
    public async Task Disconnecting_keeps_the_channel_and_its_messages()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var id = await scene.CreateSandboxAsync(ConversationChannel.Messenger);

        (await scene.Owner.PostFormAsync("/channels", new Dictionary<string, string>(), $"/channels/Disconnect?id={id}")).EnsureRedirect("/channels");

        var channel = await scene.ChannelAsync(id);
        Assert.Equal(ChannelConnection.Disconnected, channel.Connection);
        Assert.NotNull(channel.DisconnectedAt);
        var row = (await scene.Owner.GetDocumentAsync("/channels")).QuerySelector($"[data-channel='{id}']")!;
        Assert.Contains("Disconnected", row.TextContent);
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class ChannelPagesTestsOnSqlite(SqliteApp app) : ChannelPagesTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class ChannelPagesTestsOnPostgres(PostgresApp app) : ChannelPagesTests<PostgresApp>(app);
