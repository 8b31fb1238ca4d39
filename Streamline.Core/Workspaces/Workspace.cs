namespace Streamline.Core.Workspaces;

public class Workspace
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }

    /// <summary>The agency's own workspace: its widget sells the agency's services.</summary>
    public bool IsHouse { get; set; }

    public DateTime CreatedAt { get; set; }
    public List<WorkspaceMember> Members { get; set; } = [];
}

public enum WorkspaceRole { Owner, Member }

public class WorkspaceMember
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Workspace? Workspace { get; set; }
    public Guid UserId { get; set; }
    public WorkspaceRole Role { get; set; }
    public DateTime JoinedAt { get; set; }
}

/// <summary>Marks rows that belong to one workspace; the DbContext scopes every query on them.</summary>
public interface IWorkspaceOwned
{
    Guid WorkspaceId { get; set; }
}
