using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

/// <summary>
/// The model catalog (a handful of rows, read before every AI call) kept in memory for a short while. A save of any
/// model forgets it at once on this instance (<see cref="ForgetFor"/>); other instances charge the
/// new prices within <see cref="Lifetime"/>. Shared between threads: read only.
/// </summary>
public sealed class ModelCatalogCache(IMemoryCache cache) : IForgetOnSave
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const string Key = "ai-models";

    public async Task<IReadOnlyList<AiModel>> GetAsync(StreamlineDbContext db, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key, out IReadOnlyList<AiModel>? cached)) return cached!;
        IReadOnlyList<AiModel> fresh = await db.AiModels.AsNoTracking().ToListAsync(ct);
        cache.Set(Key, fresh, Lifetime);
        return fresh;
    }

    public void Forget() => cache.Remove(Key);

    public Action? ForgetFor(EntityEntry entry) => entry.Entity is AiModel ? Forget : null;
}
