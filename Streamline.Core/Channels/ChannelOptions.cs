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

    /// <summary>How many received messages one process's pump works on at once (<c>Channels:PumpParallelism</c>).</summary>
    public int PumpParallelism { get; set; } = 8;

    /// <summary>How often an idle pump looks for received messages, in milliseconds (<c>Channels:PumpPollMs</c>).</summary>
    public int PumpPollMs { get; set; } = 200;

    /// <summary>
    /// How long a received message waits before the pump takes it, in milliseconds (<c>Channels:PumpSettleMs</c>): providers
    /// deliver a customer's quick messages concurrently and out of order, and an earlier one that lands within this time
    /// is still answered first.
    /// </summary>
    public int PumpSettleMs { get; set; } = 250;
}

public sealed class ProviderEndpoint
{
    public string ApiBase { get; set; } = "";
}
