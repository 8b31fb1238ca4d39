using System.Security.Claims;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// Resolves the signed-in user's active workspace once per request and enters it into the scope
/// that every workspace-owned query is filtered by. A workspace the user no longer belongs to is
/// never entered, whatever the cookie says.
/// </summary>
public sealed class CurrentWorkspaceMiddleware(RequestDelegate next)
{
    public const string WorkspaceClaim = "streamline:workspace";

    public async Task InvokeAsync(HttpContext context, WorkspaceService workspaces, CurrentWorkspace current, WorkspaceScope scope)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            var memberships = await workspaces.MembershipsAsync(userId, context.RequestAborted);
            Guid.TryParse(context.User.FindFirstValue(WorkspaceClaim), out var wanted);
            var active = memberships.FirstOrDefault(m => m.WorkspaceId == wanted) ?? memberships.FirstOrDefault();
            current.Set(memberships, active);
            if (active is not null) scope.Enter(active.WorkspaceId);
        }
        await next(context);
    }
}
