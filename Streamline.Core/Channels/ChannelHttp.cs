namespace Streamline.Core.Channels;

/// <summary>
/// The HTTP client a provider talks through for one channel. Every provider call goes through here, so that a sandbox
/// channel's calls can be answered by the app's simulated provider along the very same code path.
/// </summary>
public sealed class ChannelHttp(IHttpClientFactory factory)
{
    public const string ClientName = "channels";

    public HttpClient For(MessagingChannel channel) => factory.CreateClient(ClientName);
}
