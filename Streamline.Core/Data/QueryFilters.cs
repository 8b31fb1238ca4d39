namespace Streamline.Core.Data;

/// <summary>
/// Names of the model's query filters, for <c>IgnoreQueryFilters(...)</c>: lifting a filter by name leaves any other
/// named filter in force, which a bare <c>IgnoreQueryFilters()</c> would not.
/// </summary>
public static class QueryFilters
{
    /// <summary>
    /// Only the workspace filter: for the jobs, admin pages and public links that read across workspaces and name the
    /// rows they want themselves.
    /// </summary>
    public static readonly string[] Workspace = [StreamlineDbContext.WorkspaceFilter];
}
