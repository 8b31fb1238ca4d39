namespace Streamline.Core.Data;

/// <summary>
/// The workspace the current request (or job) works in. Null means "no workspace": every
/// workspace-owned query then returns nothing, so forgetting to set it fails closed.
/// </summary>
public interface IWorkspaceScope
{
    Guid? WorkspaceId { get; }
}

public sealed class WorkspaceScope : IWorkspaceScope
{
    public Guid? WorkspaceId { get; private set; }

    public void Enter(Guid workspaceId) => WorkspaceId = workspaceId;
}
