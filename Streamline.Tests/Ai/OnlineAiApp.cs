using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Ai;

/// <summary>The real web app with <c>AI:*</c> pointing at a <see cref="FakeChatModel"/> that this fixture owns.</summary>
public class OnlineAiApp : StreamlineApp
{
    public const string ApiKey = "sk-test-streamline-app";
    public const string Model = "app-test-model";

    public FakeChatModel ChatModel { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        ChatModel = await FakeChatModel.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["AI:Endpoint"] = ChatModel.Endpoint;
        settings["AI:ApiKey"] = ApiKey;
        settings["AI:Model"] = Model;
    }

    /// <summary>WebApplicationFactory's DisposeAsync ends here once the app has stopped.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) ChatModel?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

/// <summary>The same on PostgreSQL, where a reply is posted and charged in one round trip.</summary>
public sealed class OnlineAiPostgresApp : OnlineAiApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
