using System.Security.Cryptography;
using Streamline.Core.Conversations;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels;

public enum ChannelConnection { Connected, Disconnected }

/// <summary>
/// A messaging account a workspace connected: a WhatsApp number, a Facebook page, an Instagram account or a Telegram
/// bot. Webhooks find it by <see cref="RouteKey"/>; its secrets are Data Protection ciphertext (<see cref="ChannelSecrets"/>),
/// never shown again once saved. A sandbox channel talks to the app's own simulated provider instead of the real one.
/// </summary>
public class MessagingChannel : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public ConversationChannel Channel { get; set; }

    /// <summary>What the owner calls it in the inbox ("Sales line", "@acme_bot").</summary>
    public required string Name { get; set; }

    /// <summary>
    /// How the provider names the receiving account in its webhooks: WhatsApp's phone number id, the Page id (Messenger),
    /// the Instagram account id; for Telegram, whose webhook URL carries the channel, this channel's own id.
    /// Unique per provider.
    /// </summary>
    public required string RouteKey { get; set; }

    public bool IsSandbox { get; set; }

    /// <summary>Data Protection ciphertext of the JSON of <see cref="ChannelCredentials"/>.</summary>
    public required string CredentialsCiphertext { get; set; }

    /// <summary>The token Meta's webhook handshake must echo (<c>hub.verify_token</c>): shown to copy, not a secret of the provider's.</summary>
    public string VerifyToken { get; set; } = NewToken();

    public ChannelConnection Connection { get; set; }
    public DateTime ConnectedAt { get; set; }
    public DateTime? DisconnectedAt { get; set; }

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}

/// <summary>
/// What the app needs to talk to a provider for one channel, decrypted only when used. Which fields apply depends on the
/// provider: WhatsApp (<see cref="AccountId"/> = phone number id, <see cref="BusinessAccountId"/>, access token, app
/// secret); Messenger/Instagram (<see cref="AccountId"/> = Page id or Instagram account id, Page access token, app secret);
/// Telegram (bot token, and the <see cref="WebhookSecret"/> the app generated for <c>setWebhook</c>).
/// </summary>
public sealed record ChannelCredentials(
    string AccountId,
    string? BusinessAccountId = null,
    string? AccessToken = null,
    string? AppSecret = null,
    string? BotToken = null,
    string? WebhookSecret = null)
{
    /// <summary>Never the secrets themselves: records print their fields, and credentials must never reach a log.</summary>
    public override string ToString() => $"ChannelCredentials {{ AccountId = {AccountId} }}";
}
