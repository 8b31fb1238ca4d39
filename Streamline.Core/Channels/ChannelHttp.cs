using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels.Sandbox;

namespace Streamline.Core.Channels;

/// <summary>
/// The HTTP client a provider talks through for one channel. Every provider call goes through here, so that a sandbox
/// channel's calls can be answered by the app's simulated provider along the very same code path.
/// </summary>
public sealed class ChannelHttp(IHttpClientFactory factory, ChannelSecrets secrets, IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string ClientName = "channels";

    public HttpClient For(MessagingChannel channel) => channel.IsSandbox
        ? new HttpClient(new SandboxProviderHandler(channel, secrets.Unprotect(channel), scopes, clock)) { Timeout = TimeSpan.FromSeconds(20) }
        : factory.CreateClient(ClientName);

    /// <summary>
    /// What went wrong with a call, the innermost cause included: HttpClient's own message ("An error occurred while
    /// sending the request") says nothing an owner or operator can act on.
    /// </summary>
    public static string Describe(Exception e) =>
        e.GetBaseException() is var cause && cause != e && cause.Message != e.Message ? $"{e.Message} ({cause.Message})" : e.Message;
}
