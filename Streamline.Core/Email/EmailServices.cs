using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Email;

public static class EmailServices
{
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<EmailOptions>(config.GetSection(EmailOptions.Section));
        services.AddSingleton<EmailTemplates>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<SendEmail>();
        services.AddScoped<SweepEmailOutbox>();
        var transport = config.GetValue(EmailOptions.Section + ":Transport", MailTransportKind.Pickup);
        if (transport == MailTransportKind.Smtp) services.AddSingleton<IMailTransport, SmtpMailTransport>();
        else services.AddSingleton<IMailTransport, PickupFolderMailTransport>();
        return services;
    }
}
