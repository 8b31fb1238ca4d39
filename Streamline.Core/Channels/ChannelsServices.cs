using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels.Health;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

public static class ChannelsServices
{
    /// <param name="runPump">This process runs background work, so it runs the pump of received messages too.</param>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration config, bool runPump)
    {
        services.Configure<ChannelOptions>(config.GetSection(ChannelOptions.Section));
        services.AddSingleton<ChannelSecrets>();
        services.AddScoped<ChannelDirectory>();
        services.AddCacheForgottenOnSave<ChannelRouteCache>();
        services.AddSingleton<ChannelHttp>();
        // Provider calls answer within seconds or are retried by the send job: a hung provider must not hold a worker.
        services.AddHttpClient(ChannelHttp.ClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddScoped<ChannelIngest>();
        services.AddScoped<IChannelIngest, Ingest.ChannelWebhookIngest>();
        services.AddSingleton<Ingest.ChannelInboundWriter>();
        services.AddSingleton<Ingest.ChannelInboundSignal>();
        services.AddSingleton<Ingest.ChannelInboundPump>();
        services.AddScoped<Ingest.ChannelInboundClaims>();
        services.AddSingleton<Ingest.ChannelInboundClaimCursor>();
        services.AddScoped<Ingest.ProcessChannelInbound>();
        if (runPump) services.AddHostedService<Ingest.ChannelInboundPumpService>();
        services.AddScoped<ChannelOutbox>();
        services.AddScoped<SendChannelMessages>();
        services.AddScoped<ChannelOutbound>();
        services.AddScoped<ChannelStatuses>();
        services.AddScoped<ChannelTemplates>();
        services.AddScoped<SweepChannelOutbox>();
        services.AddScoped<FetchChannelMedia>();
        services.AddScoped<IChannelProvider, WhatsApp.WhatsAppProvider>();
        services.AddScoped<WhatsApp.WhatsAppWebhookReceiver>();
        services.AddScoped<IChannelProvider, Telegram.TelegramProvider>();
        services.AddScoped<IChannelProvider, Meta.MessengerProvider>();
        services.AddScoped<IChannelProvider, Meta.InstagramProvider>();
        services.AddScoped<ChannelHealth>();
        services.AddSingleton<ChannelInboundMemo>();
        services.AddScoped<SweepSilentChannels>();
        services.AddScoped<ChannelConnections>();
        return services;
    }
}
