using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Notifications;

public static class NotificationsServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<UnsubscribeTokens>();
        services.AddScoped<NotificationPreferences>();
        services.AddScoped<Notifier>();
        services.AddScoped<InAppNotifications>();
        services.AddScoped<Reports.WorkspaceReports>();
        services.AddScoped<Reports.SendWorkspaceReports>();
        return services;
    }
}
