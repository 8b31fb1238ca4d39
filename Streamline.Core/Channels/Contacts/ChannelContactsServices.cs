using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Channels.Contacts;

public static class ChannelContactsServices
{
    public static IServiceCollection AddChannelContacts(this IServiceCollection services)
    {
        services.AddScoped<ContactMerge>();
        services.AddScoped<ChannelContacts>();
        services.AddScoped<ContactOverviews>();
        return services;
    }
}
