using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Streamline.Core.Channels;

/// <summary>Encrypts a channel's credentials at rest (Data Protection, the keys the app already keeps in its database).</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Streamline.Channels.Credentials.v1");

    public string Protect(ChannelCredentials credentials) => _protector.Protect(JsonSerializer.Serialize(credentials));

    public ChannelCredentials Unprotect(MessagingChannel channel) =>
        JsonSerializer.Deserialize<ChannelCredentials>(_protector.Unprotect(channel.CredentialsCiphertext))
        ?? throw new InvalidOperationException($"Channel {channel.Id} has no credentials.");
}
