using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Onboarding;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

/// <summary>
/// What every AI reply of a workspace is built from besides the conversation itself: the business, its active
/// campaigns on every channel (oldest activation first), its widget's hours and whether it is the house. Shared between
/// threads: read only.
/// </summary>
public sealed record SalesSetup(
    string BusinessName, BusinessProfile? Profile, IReadOnlyList<Campaign> ActiveCampaigns, WidgetSettings? Widget, bool IsHouse)
{
    /// <summary>The active campaigns a conversation on <paramref name="channel"/> may use, in their order.</summary>
    public IReadOnlyList<Campaign> CampaignsOn(ConversationChannel channel)
    {
        var platform = channel.Platform();
        return [.. ActiveCampaigns.Where(c => (c.Channels & platform) != 0)];
    }
}

/// <summary>
/// Each workspace's <see cref="SalesSetup"/>, kept in memory for a short while: it is read before every reply's first
/// word, and changes only when someone edits the business. A save that touches any of it forgets the entry at once
/// on this instance (<see cref="ForgetFor"/>), so the next reply here uses the new prices; other instances see the
/// change within <see cref="Lifetime"/>.
/// </summary>
public sealed class SalesSetupCache(IMemoryCache cache) : IForgetOnSave
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public async Task<SalesSetup> GetAsync(StreamlineDbContext db, Guid workspaceId, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(workspaceId), out SalesSetup? cached)) return cached!;
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.Name, w.IsHouse }).SingleAsync(ct);
        var campaigns = await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId).Active().ToListAsync(ct);
        var profile = await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, ct);
        var widget = await db.WidgetSettings.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(w => w.WorkspaceId == workspaceId, ct);
        var fresh = new SalesSetup(profile?.BusinessName ?? workspace.Name, profile, campaigns, widget, workspace.IsHouse);
        cache.Set(Key(workspaceId), fresh, Lifetime);
        return fresh;
    }

    public void Forget(Guid workspaceId) => cache.Remove(Key(workspaceId));

    public Action? ForgetFor(EntityEntry entry) => entry.Entity switch
    {
        Campaign c => () => Forget(c.WorkspaceId),
        BusinessProfile p => () => Forget(p.WorkspaceId),
        Workspace w => () => Forget(w.Id),
        WidgetSettings w => () => Forget(w.WorkspaceId),
        _ => null,
    };

    private static string Key(Guid workspaceId) => $"sales-setup:{workspaceId:N}";
}
