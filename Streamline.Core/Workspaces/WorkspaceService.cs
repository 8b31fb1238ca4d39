using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Core.Workspaces;

public sealed record InvitationResult(WorkspaceInvitation? Invitation, string? Error);

/// <summary>Creating workspaces, membership and invitations. Callers save (and so commit) the changes.</summary>
public sealed class WorkspaceService(StreamlineDbContext db, EmailOutbox outbox, MembershipCache memberships, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// Invitations one person may send per hour, and one workspace per day: a mail to any address naming a workspace
    /// is what a spammer would relay, and a real team never gets near either.
    /// </summary>
    public const int InvitationsPerUserPerHour = 10;
    public const int InvitationsPerWorkspacePerDay = 50;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Workspace Create(string name, Guid ownerId, bool isHouse = false)
    {
        var workspace = new Workspace { Name = name.Trim(), IsHouse = isHouse, CreatedAt = Now };
        workspace.Members.Add(new WorkspaceMember { UserId = ownerId, Role = WorkspaceRole.Owner, JoinedAt = Now });
        db.Workspaces.Add(workspace);
        memberships.Forget(ownerId);
        return workspace;
    }

    public Task<IReadOnlyList<Membership>> MembershipsAsync(Guid userId, CancellationToken ct = default) =>
        memberships.GetAsync(db, userId, ct);

    /// <summary>Invites an address to the current workspace; the mail is queued with the row.</summary>
    public async Task<(InvitationResult Result, string? Token)> InviteAsync(
        Guid workspaceId, AppUser inviter, string email, Func<string, string> acceptUrl, CancellationToken ct = default)
    {
        email = email.Trim();
        var normalized = email.ToUpperInvariant();
        var alreadyMember = await db.WorkspaceMembers
            .AnyAsync(m => m.WorkspaceId == workspaceId && db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), ct);
        if (alreadyMember) return (new InvitationResult(null, $"{email} is already a member of this workspace."), null);

        var now = Now;
        var pending = await db.WorkspaceInvitations
            .AnyAsync(i => i.Email == email && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
        if (pending) return (new InvitationResult(null, $"{email} already has a pending invitation."), null);

        var invitations = db.WorkspaceInvitations.IgnoreQueryFilters(QueryFilters.Workspace);
        if (await invitations.CountAsync(i => i.InvitedByUserId == inviter.Id && i.CreatedAt > now.AddHours(-1), ct) >= InvitationsPerUserPerHour)
            return (new InvitationResult(null, $"You have sent {InvitationsPerUserPerHour} invitations in the last hour. Wait a while before sending more."), null);
        if (await invitations.CountAsync(i => i.WorkspaceId == workspaceId && i.CreatedAt > now.AddDays(-1), ct) >= InvitationsPerWorkspacePerDay)
            return (new InvitationResult(null, $"This workspace has sent {InvitationsPerWorkspacePerDay} invitations today. Try again tomorrow."), null);

        var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct);
        var token = NewToken();
        var invitation = new WorkspaceInvitation
        {
            WorkspaceId = workspaceId,
            Email = email,
            TokenHash = Hash(token),
            InvitedByUserId = inviter.Id,
            CreatedAt = now,
            ExpiresAt = now + InvitationLifetime,
        };
        db.WorkspaceInvitations.Add(invitation);
        outbox.Queue(email, "workspace-invitation", new Dictionary<string, string>
        {
            ["Inviter"] = string.IsNullOrWhiteSpace(inviter.DisplayName) ? inviter.Email ?? "A teammate" : inviter.DisplayName,
            ["Workspace"] = workspace.Name,
            ["AcceptUrl"] = acceptUrl(token),
        });
        return (new InvitationResult(invitation, null), token);
    }

    /// <summary>
    /// Accepts by token. Invitations are looked up across workspaces on purpose (the user is not in
    /// the workspace yet); the token is the proof, and it must be for the signed-in user's address.
    /// </summary>
    public async Task<InvitationResult> AcceptAsync(string token, AppUser user, CancellationToken ct = default)
    {
        var hash = Hash(token);
        var invitation = await db.WorkspaceInvitations.IgnoreQueryFilters(QueryFilters.Workspace)
            .Include(i => i.Workspace)
            .SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || !invitation.IsPending(Now))
            return new InvitationResult(null, "This invitation is no longer valid. Ask for a new one.");
        if (!string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase))
            return new InvitationResult(null, $"This invitation was sent to {invitation.Email}. Sign in with that address to accept it.");

        var isMember = await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == invitation.WorkspaceId && m.UserId == user.Id, ct);
        if (!isMember)
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = invitation.WorkspaceId, UserId = user.Id, Role = invitation.Role, JoinedAt = Now });
        invitation.AcceptedAt = Now;
        memberships.Forget(user.Id);
        user.CurrentWorkspaceId = invitation.WorkspaceId;
        return new InvitationResult(invitation, null);
    }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
