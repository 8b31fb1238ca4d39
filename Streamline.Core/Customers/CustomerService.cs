using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Audit;
using Streamline.Core.Data;

namespace Streamline.Core.Customers;

public enum CustomerChange { Done, AlreadyThat, NotFound, Invalid, LastSuperAdmin }

/// <summary>What the agency does to a customer: suspend or reactivate a workspace, grant or revoke a back-office role.
/// Each change and its audit entry are one SaveChanges.</summary>
public sealed class CustomerService(StreamlineDbContext db, AuditTrail audit, SuspensionCache suspensions, TimeProvider clock)
{
    public const int ReasonLength = 500;

    /// <summary>The workspace's people are told this on every page.</summary>
    public const string SuspendedNotice = "This workspace is suspended: its chat widget and API are unavailable. Contact us to reactivate it.";

    /// <summary>What a widget visitor of a suspended workspace reads.</summary>
    public const string UnavailableToVisitors = "Sorry, this chat is unavailable right now. Please try again later.";

    public Task<bool> IsSuspendedAsync(Guid workspaceId, CancellationToken ct = default) => suspensions.IsSuspendedAsync(db, workspaceId, ct);

    public async Task<CustomerChange> SuspendAsync(Guid workspaceId, string? reason, AuditActor by, CancellationToken ct = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > ReasonLength) return CustomerChange.Invalid;
        var name = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleOrDefaultAsync(ct);
        if (name is null) return CustomerChange.NotFound;
        if (await db.WorkspaceSuspensions.AnyAsync(s => s.WorkspaceId == workspaceId, ct)) return CustomerChange.AlreadyThat;

        db.WorkspaceSuspensions.Add(new WorkspaceSuspension
        {
            WorkspaceId = workspaceId, SuspendedAt = clock.GetUtcNow().UtcDateTime, SuspendedByUserId = by.UserId, Reason = reason,
        });
        audit.Stage(by, AuditAction.WorkspaceSuspended, workspaceId, $"workspace:{workspaceId}", $"Suspended {name}: {reason}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin suspended it first (the key is the workspace): theirs stands, and theirs is recorded.
            db.ChangeTracker.Clear();
            if (await db.WorkspaceSuspensions.AnyAsync(s => s.WorkspaceId == workspaceId, ct)) return CustomerChange.AlreadyThat;
            throw;
        }
        finally
        {
            suspensions.Forget(workspaceId);
        }
        return CustomerChange.Done;
    }

    public async Task<CustomerChange> ReactivateAsync(Guid workspaceId, AuditActor by, CancellationToken ct = default)
    {
        var name = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleOrDefaultAsync(ct);
        if (name is null) return CustomerChange.NotFound;
        var suspension = await db.WorkspaceSuspensions.SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, ct);
        if (suspension is null) return CustomerChange.AlreadyThat;
        db.WorkspaceSuspensions.Remove(suspension);
        audit.Stage(by, AuditAction.WorkspaceReactivated, workspaceId, $"workspace:{workspaceId}", $"Reactivated {name}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another admin reactivated it first.
            db.ChangeTracker.Clear();
            return CustomerChange.AlreadyThat;
        }
        finally
        {
            suspensions.Forget(workspaceId);
        }
        return CustomerChange.Done;
    }

    /// <summary>
    /// Grants or revokes <see cref="Roles.Admin"/> or <see cref="Roles.SuperAdmin"/>. The caller checks the actor is a
    /// SuperAdmin; this refuses to leave the platform without one. The role row, the user's new security stamp and the
    /// audit entry are one SaveChanges.
    /// </summary>
    public async Task<CustomerChange> SetRoleAsync(Guid userId, string role, bool granted, AuditActor by, CancellationToken ct = default)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct);
        if (role is not (Roles.Admin or Roles.SuperAdmin) || roleId is null) return CustomerChange.Invalid;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return CustomerChange.NotFound;
        var held = await db.UserRoles.SingleOrDefaultAsync(r => r.UserId == userId && r.RoleId == roleId, ct);
        if ((held is not null) == granted) return CustomerChange.AlreadyThat;
        if (!granted && role == Roles.SuperAdmin && await db.UserRoles.CountAsync(r => r.RoleId == roleId, ct) <= 1)
            return CustomerChange.LastSuperAdmin;

        if (granted) db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = roleId.Value });
        else db.UserRoles.Remove(held!);
        // Signed-in sessions pick the change up when their cookie is next validated, not only at the next sign-in.
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var email = user.Email ?? user.UserName ?? user.Id.ToString();
        audit.Stage(by, granted ? AuditAction.RoleGranted : AuditAction.RoleRevoked, null, $"user:{user.Id}",
            granted ? $"Granted {role} to {email}" : $"Revoked {role} from {email}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin made the same change first.
            db.ChangeTracker.Clear();
            return CustomerChange.AlreadyThat;
        }
        return CustomerChange.Done;
    }
}
