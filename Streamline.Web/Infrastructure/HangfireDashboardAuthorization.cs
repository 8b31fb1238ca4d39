using Hangfire.Dashboard;
using Streamline.Core.Accounts;

namespace Streamline.Web.Infrastructure;

public sealed class AdminsOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.SuperAdmin));
    }
}
