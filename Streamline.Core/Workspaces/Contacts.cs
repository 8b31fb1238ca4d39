using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Data;

namespace Streamline.Core.Workspaces;

/// <summary>Who gets told: a workspace's owners about its money, the platform's admins about everyone's.</summary>
public static class Contacts
{
    public static Task<List<string>> OwnerEmailsAsync(this StreamlineDbContext db, Guid workspaceId, CancellationToken ct) =>
        db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner)
            .Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u.Email)
            .Where(e => e != null).Select(e => e!).Distinct().ToListAsync(ct);

    public static Task<List<string>> AdminEmailsAsync(this StreamlineDbContext db, CancellationToken ct)
    {
        string[] adminRoles = [Roles.Admin, Roles.SuperAdmin];
        return db.UserRoles
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => adminRoles.Contains(x.Name!))
            .Join(db.Users, x => x.UserId, u => u.Id, (_, u) => u.Email)
            .Where(e => e != null).Select(e => e!).Distinct().ToListAsync(ct);
    }
}
