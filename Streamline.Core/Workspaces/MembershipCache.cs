using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Data;

namespace Streamline.Core.Workspaces;

/// <summary>
/// A user's memberships, read on every signed-in request, kept in memory for a short while. Changes
/// made through <see cref="WorkspaceService"/> forget the entry at once on this instance; other
/// instances see them within <see cref="Lifetime"/>.
/// </summary>
public sealed class MembershipCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<Membership>> GetAsync(StreamlineDbContext db, Guid userId, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(userId), out IReadOnlyList<Membership>? cached)) return cached!;
        // Not an EF compiled query: those bind to one model, and tests run several providers in one process.
        var fresh = await db.WorkspaceMembers.Where(m => m.UserId == userId)
            .OrderBy(m => m.Workspace!.Name)
            .Select(m => new Membership(m.WorkspaceId, m.Workspace!.Name, m.Role))
            .ToListAsync(ct);
        cache.Set(Key(userId), (IReadOnlyList<Membership>)fresh, Lifetime);
        return fresh;
    }

    public void Forget(Guid userId) => cache.Remove(Key(userId));

    private static string Key(Guid userId) => $"memberships:{userId:N}";
}
