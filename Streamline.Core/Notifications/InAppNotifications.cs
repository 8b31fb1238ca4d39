using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Notifications;

/// <summary>
/// A member's notices in the workspace they are in. The workspace query filter scopes every read and write, so
/// another workspace's notice is simply not found; the user id keeps a member to their own.
/// </summary>
public sealed class InAppNotifications(StreamlineDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    public Task<int> UnreadCountAsync(Guid userId, CancellationToken ct) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    public Task<List<Notification>> LatestAsync(Guid userId, CancellationToken ct) =>
        db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Take(PageSize).ToListAsync(ct);

    public Task<Notification?> FindAsync(Guid userId, Guid id, CancellationToken ct) =>
        db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);

    /// <summary>False when there is no such notice of this member's here.</summary>
    public async Task<bool> MarkReadAsync(Guid userId, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == userId, ct)) return false;
        await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return true;
    }

    public Task<int> MarkAllReadAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
