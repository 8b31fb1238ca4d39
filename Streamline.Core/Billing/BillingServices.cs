using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Billing;

public static class BillingServices
{
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration config)
    {
        var stripe = config.GetSection(StripeOptions.Section);
        services.Configure<StripeOptions>(stripe);
        // Fail at startup, not on the first webhook: with a key but no signing secret every event would be refused.
        if (!string.IsNullOrWhiteSpace(stripe[nameof(StripeOptions.SecretKey)])
            && string.IsNullOrWhiteSpace(stripe[nameof(StripeOptions.WebhookSecret)]))
            throw new InvalidOperationException(
                "Stripe:SecretKey is set but Stripe:WebhookSecret is not: set the webhook endpoint's signing secret (whsec_…).");
        if (string.IsNullOrWhiteSpace(stripe[nameof(StripeOptions.SecretKey)]))
            services.AddSingleton<IPaymentGateway, SandboxPaymentGateway>();
        else
            services.AddSingleton<IPaymentGateway, StripePaymentGateway>();
        services.AddScoped<StripeWebhookReceiver>();
        services.AddScoped<StripeFulfilment>();
        services.AddScoped<ApplyStripeEvent>();
        services.AddScoped<RetryStripeEvent>();
        services.AddScoped<SweepStripeEvents>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<SandboxPayments>();
        services.AddScoped<RenewSubscriptions>();
        services.AddScoped<PromotionEditor>();
        return services;
    }
}
