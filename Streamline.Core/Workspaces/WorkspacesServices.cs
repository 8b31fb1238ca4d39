using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Workspaces;

public static class WorkspacesServices
{
    public static IServiceCollection AddWorkspaces(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<MembershipCache>();
        services.AddScoped<CurrentWorkspace>();
        services.AddScoped<WorkspaceService>();
        return services;
    }
}
