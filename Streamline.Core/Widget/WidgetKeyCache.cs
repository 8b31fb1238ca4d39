using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Data;

namespace Streamline.Core.Widget;

/// <summary>
/// Widget settings by public key, as every request of the chat looks them up, kept in memory for a short while.
/// Only keys that exist are kept, so made-up keys cannot fill memory. A save of the settings (a new key, other
/// websites) forgets the old and the new key at once on this instance (<see cref="ForgetFor"/>); other instances follow
/// within <see cref="Lifetime"/>.
/// </summary>
public sealed class WidgetKeyCache(IMemoryCache cache) : IForgetOnSave
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

    public Action? ForgetFor(EntityEntry entry)
    {
        if (entry.Entity is not WidgetSettings settings) return null;
        var current = settings.PublicKey;
        var original = entry.Property(nameof(WidgetSettings.PublicKey)).OriginalValue as string;
        return () =>
        {
            Forget(current);
            if (original is not null) Forget(original);
        };
    }

    private static string Key(string publicKey) => $"widget-key:{publicKey}";
}
