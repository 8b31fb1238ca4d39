using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Onboarding.House;

/// <summary>Fills the house workspace once, the first time it exists without a profile.</summary>
public sealed class HouseWorkspaceSeed(StreamlineDbContext db, TimeProvider clock)
{
    private static readonly string[] Scope = [StreamlineDbContext.WorkspaceFilter];

    public async Task EnsureAsync(CancellationToken ct)
    {
        var house = await db.Workspaces.AsNoTracking().Where(w => w.IsHouse).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);
        if (house is not { } workspaceId) return;
        if (await db.BusinessProfiles.IgnoreQueryFilters(Scope).AnyAsync(p => p.WorkspaceId == workspaceId, ct)) return;

        var now = clock.GetUtcNow().UtcDateTime;
        db.BusinessProfiles.Add(HouseContent.Profile(workspaceId, now));
        db.Campaigns.AddRange(HouseContent.Campaigns(workspaceId, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance starting at the same moment may have seeded it first; anything else is a real error.
            db.ChangeTracker.Clear();
            if (!await db.BusinessProfiles.IgnoreQueryFilters(Scope).AsNoTracking().AnyAsync(p => p.WorkspaceId == workspaceId, ct)) throw;
        }
    }
}
