namespace Streamline.Core.Channels;

/// <summary>
/// Where each provider's API lives (<c>Channels:WhatsApp:ApiBase</c>, …): the real hosts by default, a local server in
/// tests. The Graph API version is pinned once for WhatsApp, Messenger and Instagram.
/// </summary>
public sealed class ChannelOptions
{
    public const string Section = "Channels";

    public string GraphApiVersion { get; set; } = "v23.0";
    public ProviderEndpoint WhatsApp { get; set; } = new() { ApiBase = "https://graph.facebook.com" };
    public ProviderEndpoint Messenger { get; set; } = new() { ApiBase = "https://graph.facebook.com" };
    public ProviderEndpoint Instagram { get; set; } = new() { ApiBase = "https://graph.facebook.com" };
    public ProviderEndpoint Telegram { get; set; } = new() { ApiBase = "https://api.telegram.org" };
}

public sealed class ProviderEndpoint
{
    public string ApiBase { get; set; } = "";
}
