namespace Streamline.Core.Workspaces;

public sealed record Membership(Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role);

/// <summary>Who the signed-in user is inside the app this request: their memberships and the active one.</summary>
public sealed class CurrentWorkspace
{
    public IReadOnlyList<Membership> Memberships { get; private set; } = [];
    public Membership? Active { get; private set; }

    public Guid Id => Active?.WorkspaceId ?? throw new InvalidOperationException("No workspace is active for this request.");
    public bool IsOwner => Active?.Role == WorkspaceRole.Owner;

    public void Set(IReadOnlyList<Membership> memberships, Membership? active)
    {
        Memberships = memberships;
        Active = active;
    }
}
