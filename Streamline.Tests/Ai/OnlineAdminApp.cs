using Streamline.Tests.Admin;

namespace Streamline.Tests.Ai;

/// <summary>The admin app with <c>AI:*</c> pointing at a <see cref="FakeChatModel"/> it owns: Plan with AI online.</summary>
public class OnlineAdminApp : AdminApp
{
    public FakeChatModel ChatModel { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        ChatModel = await FakeChatModel.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["AI:Endpoint"] = ChatModel.Endpoint;
        settings["AI:ApiKey"] = OnlineAiApp.ApiKey;
        settings["AI:Model"] = OnlineAiApp.Model;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) ChatModel?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
