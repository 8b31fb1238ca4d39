using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Channels;

public static class ChannelsServices
{
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ChannelOptions>(config.GetSection(ChannelOptions.Section));
        services.AddSingleton<ChannelSecrets>();
        services.AddScoped<ChannelDirectory>();
        return services;
    }
}
