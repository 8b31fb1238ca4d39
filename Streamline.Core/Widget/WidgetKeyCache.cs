using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Data;

namespace Streamline.Core.Widget;

/// <summary>
/// Widget settings by public key, as every request of the chat looks them up, kept in memory for a short while.
/// Only keys that exist are kept, so made-up keys cannot fill memory. A save of the settings (a new key, other
/// websites) forgets the old and the new key at once on this instance; other instances follow within <see cref="Lifetime"/>.
/// </summary>
public sealed class WidgetKeyCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public async Task<WidgetSettings?> FindAsync(StreamlineDbContext db, string publicKey, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(publicKey), out WidgetSettings? cached)) return cached;
        var fresh = await db.WidgetSettings.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .SingleOrDefaultAsync(w => w.PublicKey == publicKey, ct);
        if (fresh is not null) cache.Set(Key(publicKey), fresh, Lifetime);
        return fresh;
    }

    public void Forget(string publicKey) => cache.Remove(Key(publicKey));

    private static string Key(string publicKey) => $"widget-key:{publicKey}";
}
