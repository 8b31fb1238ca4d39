using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Streamline.Core.Accounts;

namespace Streamline.Web.Infrastructure;

/// <summary>Puts the user's chosen workspace in the auth cookie, so switching needs no lookup per request.</summary>
public sealed class WorkspaceClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.CurrentWorkspaceId is { } workspace)
            identity.AddClaim(new Claim(CurrentWorkspaceMiddleware.WorkspaceClaim, workspace.ToString()));
        if (!string.IsNullOrEmpty(user.DisplayName))
            identity.AddClaim(new Claim("streamline:name", user.DisplayName));
        return identity;
    }
}
