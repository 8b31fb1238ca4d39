using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Data;

namespace Streamline.Core.Credits;

public sealed record CreatedApiKey(ApiKey Key, string Plaintext);

/// <summary>Creates, revokes and authenticates workspace API keys.</summary>
public sealed class ApiKeyService(StreamlineDbContext db, TimeProvider clock, IMemoryCache cache)
{
    public const string KeyPrefix = "sl_live_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an authenticated key is remembered, sparing the metering API a query per request. A
    /// revocation through <see cref="RevokeAsync"/> forgets it at once on this instance; other
    /// instances refuse the key within this time.
    /// </summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    public async Task<CreatedApiKey> CreateAsync(Guid workspaceId, string name, IEnumerable<string> scopes, Guid? createdBy,
        CancellationToken ct = default)
    {
        var wanted = scopes.Distinct().ToList();
        if (wanted.Count == 0 || wanted.Any(s => !ApiKey.AllScopes.Contains(s)))
            throw new ArgumentException("Unknown or missing scopes.", nameof(scopes));

        var plaintext = KeyPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            WorkspaceId = workspaceId,
            Name = name.Trim(),
            Prefix = plaintext[..8],
            SecretHash = Hash(plaintext),
            Scopes = string.Join(' ', ApiKey.AllScopes.Where(wanted.Contains)),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedByUserId = createdBy,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new(key, plaintext);
    }

    /// <summary>Revokes a key of the current workspace; null when the id is not one of its keys.</summary>
    public async Task<ApiKey?> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return null;
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey(key.SecretHash));
        return key;
    }

    /// <summary>
    /// The active key for a presented secret, or null. Lookup is by hash through a unique index, so
    /// no secret is ever compared character by character. Only active keys are cached (see
    /// <see cref="CacheLifetime"/>): unknown secrets cannot fill the memory. The returned key is shared; do not change it.
    /// </summary>
    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 200) return null;
        var hash = Hash(presented);
        if (cache.TryGetValue(CacheKey(hash), out ApiKey? remembered)) return remembered;
        // Keys are presented before any workspace is known: the key is what names the workspace.
        var key = await db.ApiKeys.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .SingleOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, ct);
        if (key is null) return null;

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution)
        {
            // Conditional so a burst of requests writes once a minute, not once per request.
            var stale = now - LastUsedResolution;
            await db.ApiKeys.IgnoreQueryFilters(QueryFilters.Workspace)
                .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
            key.LastUsedAt = now;
        }
        cache.Set(CacheKey(hash), key, CacheLifetime);
        return key;
    }

    private static string CacheKey(string secretHash) => $"api-key:{secretHash}";

    public static string Hash(string plaintext) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plaintext)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
