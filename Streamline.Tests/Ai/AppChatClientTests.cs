using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streamline.Core.Ai;
using Streamline.Tests.Support;

namespace Streamline.Tests.Ai;

/// <summary>The wiring in the real app: <c>AI:*</c> settings decide whether there is a chat client and where it goes.</summary>
public sealed class AppChatClientTests(OnlineAiApp app) : IClassFixture<OnlineAiApp>
{
    [Fact]
    public async Task The_apps_chat_client_talks_to_the_configured_provider()
    {
        _ = app.Server;
        var client = app.Services.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("Hello from the app");

        Assert.Equal("Hello!", response.Text);
        Assert.True(app.Services.GetRequiredService<IOptions<AiOptions>>().Value.IsOnline);
        var request = Assert.Single(app.ChatModel.Requests, r => r.Body["messages"]?[0]?["content"]?.ToString() == "Hello from the app");
        Assert.Equal(OnlineAiApp.Model, request.Body["model"]?.GetValue<string>());
        Assert.Equal($"Bearer {OnlineAiApp.ApiKey}", request.Header("Authorization"));
    }
}

/// <summary>The default setup has no provider: the app runs offline and nothing can call one.</summary>
[Collection(SharedApps.Sqlite2)]
public sealed class OfflineAppChatClientTests(SqliteApp app)
{
    [Fact]
    public void Without_AI_settings_the_app_is_offline_and_has_no_chat_client()
    {
        _ = app.Server;

        Assert.Equal(AiMode.Offline, app.Services.GetRequiredService<IOptions<AiOptions>>().Value.Mode);
        Assert.Null(app.Services.GetService<IChatClient>());
    }
}
