namespace Streamline.Core.Workspaces;

public class WorkspaceInvitation : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Workspace? Workspace { get; set; }
    public required string Email { get; set; }
    public WorkspaceRole Role { get; set; } = WorkspaceRole.Member;

    /// <summary>SHA-256 of the token in the mailed link; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    public Guid InvitedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsPending(DateTime now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}
