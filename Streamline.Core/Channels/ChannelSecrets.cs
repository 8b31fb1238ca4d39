using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace Streamline.Core.Channels;

/// <summary>
/// Encrypts a channel's credentials at rest (Data Protection, the keys the app already keeps in its database). What it
/// decrypts it keeps in memory for a while, by ciphertext: every webhook of a channel checks its signature with the same
/// app secret, and new credentials are a new ciphertext.
/// </summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider, IMemoryCache cache)
{
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = provider.CreateProtector("Streamline.Channels.Credentials.v1");

    public string Protect(ChannelCredentials credentials) => _protector.Protect(JsonSerializer.Serialize(credentials));

    public ChannelCredentials Unprotect(MessagingChannel channel)
    {
        var key = "channel-credentials:" + channel.CredentialsCiphertext;
        if (cache.TryGetValue(key, out ChannelCredentials? known) && known is not null) return known;
        var credentials = JsonSerializer.Deserialize<ChannelCredentials>(_protector.Unprotect(channel.CredentialsCiphertext))
                          ?? throw new InvalidOperationException($"Channel {channel.Id} has no credentials.");
        cache.Set(key, credentials, new MemoryCacheEntryOptions { SlidingExpiration = Kept });
        return credentials;
    }
}
