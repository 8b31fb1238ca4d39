using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Onboarding.House;

/// <summary>Fills the house workspace once, the first time it exists without a profile.</summary>
public sealed class HouseWorkspaceSeed(StreamlineDbContext db, DocumentLibrary documents, TimeProvider clock, ILogger<HouseWorkspaceSeed> log)
{
    private const string ServicesDocument = "stream-line-ai-services.md";

    public async Task EnsureAsync(CancellationToken ct)
    {
        var house = await db.Workspaces.AsNoTracking().Where(w => w.IsHouse).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);
        if (house is not { } workspaceId) return;
        if (await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(p => p.WorkspaceId == workspaceId, ct)) return;

        log.LogInformation("Seeding demo data…");
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
            if (!await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().AnyAsync(p => p.WorkspaceId == workspaceId, ct)) throw;
            return;
        }

        await AddServicesDocumentAsync(workspaceId, ct);
    }

    /// <summary>Through the same library as any upload, so it is extracted and indexed by the same job.</summary>
    private async Task AddServicesDocumentAsync(Guid workspaceId, CancellationToken ct)
    {
        var owner = await db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner)
            .OrderBy(m => m.JoinedAt).Select(m => m.UserId).FirstOrDefaultAsync(ct);
        await using var content = typeof(HouseWorkspaceSeed).Assembly
            .GetManifestResourceStream($"{typeof(HouseWorkspaceSeed).Namespace}.{ServicesDocument}")
            ?? throw new InvalidOperationException($"{ServicesDocument} is not embedded.");
        var result = await documents.UploadAsync(workspaceId, owner, ServicesDocument, content, content.Length, ct);
        if (!result.Succeeded) throw new InvalidOperationException($"Seeding {ServicesDocument} failed: {result.Error}");
    }
}
