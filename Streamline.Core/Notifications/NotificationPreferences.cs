using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Notifications;

/// <summary>Reads and changes which e-mails a member gets from a workspace.</summary>
public sealed class NotificationPreferences(StreamlineDbContext db, TimeProvider clock)
{
    /// <summary>Every kind with whether it is e-mailed; kinds never chosen are on.</summary>
    public async Task<IReadOnlyDictionary<NotificationKind, bool>> ForAsync(Guid userId, Guid workspaceId, CancellationToken ct)
    {
        var chosen = await db.NotificationPreferences.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(p => p.UserId == userId && p.WorkspaceId == workspaceId)
            .ToDictionaryAsync(p => p.Kind, p => p.Email, ct);
        return NotificationKinds.All.ToDictionary(k => k, k => chosen.GetValueOrDefault(k, true));
    }

    /// <summary>Saves the member's choice for each kind given; kinds left out keep theirs.</summary>
    public Task SetAsync(Guid userId, Guid workspaceId, IReadOnlyDictionary<NotificationKind, bool> email, CancellationToken ct) =>
        SetAsync(userId, workspaceId, email, retry: true, ct);

    private async Task SetAsync(Guid userId, Guid workspaceId, IReadOnlyDictionary<NotificationKind, bool> email, bool retry, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.NotificationPreferences.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(p => p.UserId == userId && p.WorkspaceId == workspaceId).ToListAsync(ct);
        foreach (var (kind, on) in email)
        {
            var row = rows.SingleOrDefault(r => r.Kind == kind);
            if (row is null)
            {
                db.NotificationPreferences.Add(new NotificationPreference { UserId = userId, WorkspaceId = workspaceId, Kind = kind, Email = on, UpdatedAt = now });
            }
            else if (row.Email != on)
            {
                row.Email = on;
                row.UpdatedAt = now;
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (retry && !ct.IsCancellationRequested)
        {
            // Another request (a double click, a mail client's one-click post) saved a row first: apply ours over it.
            db.ChangeTracker.Clear();
            await SetAsync(userId, workspaceId, email, retry: false, ct);
        }
    }

    /// <summary>What an unsubscribe link does; false when its member or workspace no longer exists.</summary>
    public async Task<bool> UnsubscribeAsync(UnsubscribeTarget target, CancellationToken ct)
    {
        var exists = await db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace)
                         .AnyAsync(m => m.UserId == target.UserId && m.WorkspaceId == target.WorkspaceId, ct)
                     || (await db.Users.AnyAsync(u => u.Id == target.UserId, ct)
                         && await db.Workspaces.AnyAsync(w => w.Id == target.WorkspaceId, ct));
        if (!exists) return false;
        await SetAsync(target.UserId, target.WorkspaceId, new Dictionary<NotificationKind, bool> { [target.Kind] = false }, ct);
        return true;
    }
}
