using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Data;

namespace Streamline.Core.Customers;

/// <summary>
/// Whether a workspace is suspended, asked by every widget and API request and every signed-in page: remembered for
/// <see cref="Lifetime"/>, forgotten at once on the instance that suspends or reactivates it.
/// </summary>
public sealed class SuspensionCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public async Task<bool> IsSuspendedAsync(StreamlineDbContext db, Guid workspaceId, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(workspaceId), out bool suspended)) return suspended;
        suspended = await db.WorkspaceSuspensions.AnyAsync(s => s.WorkspaceId == workspaceId, ct);
        cache.Set(Key(workspaceId), suspended, Lifetime);
        return suspended;
    }

    public void Forget(Guid workspaceId) => cache.Remove(Key(workspaceId));

    private static string Key(Guid workspaceId) => $"suspended:{workspaceId:N}";
}
