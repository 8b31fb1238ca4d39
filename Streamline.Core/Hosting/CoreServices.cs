using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streamline.Core.Background;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Core.Hosting;

public static class CoreServices
{
    /// <summary>Everything the web app and the worker host share: database, jobs, e-mail.</summary>
    public static DatabaseSettings AddStreamlineCore(
        this IServiceCollection services, IConfiguration config, IHostEnvironment env, bool runJobServer)
    {
        var paths = StreamlinePaths.From(config, env.ContentRootPath);
        var database = DatabaseSettings.From(config, paths);

        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddStreamlineDatabase(database);
        services.AddStreamlineBackgroundJobs(database, config, runJobServer);

        services.Configure<EmailOptions>(config.GetSection(EmailOptions.Section));
        services.AddSingleton<EmailTemplates>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<SendEmail>();
        services.AddScoped<SweepEmailOutbox>();
        services.AddScoped<Credits.CreditService>();
        services.AddScoped<Credits.ApiKeyService>();
        services.AddScoped<Credits.CreditReports>();
        services.AddScoped<Billing.PromotionEditor>();
        services.AddScoped<Credits.ReleaseExpiredReservations>();
        services.AddScoped<Credits.ReconcileWallets>();
        AddBilling(services, config);
        Knowledge.KnowledgeServices.AddStreamlineKnowledge(services, config);
        Ai.AiServices.AddStreamlineAi(services, config);
        services.AddScoped<Credits.Disputes.CreditDisputeService>();
        services.AddScoped<Campaigns.CampaignEditor>();
        services.AddScoped<Campaigns.CampaignStatsQuery>();
        services.AddScoped<Workspaces.CurrentWorkspace>();
        AddJobs(services);
        AddConversations(services);
        services.AddScoped<Workspaces.WorkspaceService>();
        services.AddScoped<Onboarding.House.HouseWorkspaceSeed>();
        services.AddScoped<Onboarding.OnboardingService>();
        services.AddScoped<Widget.WidgetSettingsService>();
        services.AddMemoryCache();
        services.AddSingleton<Workspaces.MembershipCache>();
        var transport = config.GetValue(EmailOptions.Section + ":Transport", MailTransportKind.Pickup);
        if (transport == MailTransportKind.Smtp) services.AddSingleton<IMailTransport, SmtpMailTransport>();
        else services.AddSingleton<IMailTransport, PickupFolderMailTransport>();
        return database;
    }

    private static void AddConversations(IServiceCollection services)
    {
        services.AddScoped<Conversations.ConversationLog>();
        services.AddScoped<Conversations.ConversationService>();
        services.AddScoped<Conversations.ModelCatalog>();
        services.AddScoped<Conversations.AiMeter>();
        services.AddScoped<Conversations.AiResponder>();
        services.AddScoped<Conversations.AnswerVisitorMessage>();
        services.AddScoped<Conversations.SweepAwaitingReplies>();
        services.AddScoped<Conversations.ConversationNotices>();
        services.AddScoped<Conversations.Sales.SalesToolRunner>();
        services.AddScoped<Conversations.Inbox.InboxQuery>();
        services.AddScoped<Conversations.Inbox.ConversationDetails>();
        services.AddScoped<Conversations.Inbox.ConversationInbox>();
        services.AddScoped<Conversations.Inbox.LeadsQuery>();
        services.AddScoped<Conversations.ModelCatalogEditor>();
        services.AddScoped<Conversations.Proposals.ProposalService>();
        services.AddScoped<Conversations.ChatAttachmentStore>();
    }

    private static void AddJobs(IServiceCollection services)
    {
        services.AddScoped<Jobs.JobService>();
        services.AddScoped<Jobs.JobNotifications>();
        services.AddScoped<Jobs.JobComments>();
        services.AddScoped<Jobs.JobChangeRequests>();
        services.AddScoped<Jobs.JobResources>();
        services.AddScoped<Jobs.JobFileStore>();
        services.AddScoped<Jobs.JobPlanner>();
        // Needs the Data Protection key ring, which the web host configures.
        services.AddScoped<Jobs.JobCredentials>();
    }

    private static void AddBilling(IServiceCollection services, IConfiguration config)
    {
        var stripe = config.GetSection(Billing.StripeOptions.Section);
        services.Configure<Billing.StripeOptions>(stripe);
        // Fail at startup, not on the first webhook: with a key but no signing secret every event would be refused.
        if (!string.IsNullOrWhiteSpace(stripe[nameof(Billing.StripeOptions.SecretKey)])
            && string.IsNullOrWhiteSpace(stripe[nameof(Billing.StripeOptions.WebhookSecret)]))
            throw new InvalidOperationException(
                "Stripe:SecretKey is set but Stripe:WebhookSecret is not: set the webhook endpoint's signing secret (whsec_…).");
        if (string.IsNullOrWhiteSpace(stripe[nameof(Billing.StripeOptions.SecretKey)]))
            services.AddSingleton<Billing.IPaymentGateway, Billing.SandboxPaymentGateway>();
        else
            services.AddSingleton<Billing.IPaymentGateway, Billing.StripePaymentGateway>();
        services.AddScoped<Billing.StripeWebhookReceiver>();
        services.AddScoped<Billing.StripeFulfilment>();
        services.AddScoped<Billing.ApplyStripeEvent>();
        services.AddScoped<Billing.RetryStripeEvent>();
        services.AddScoped<Billing.SweepStripeEvents>();
        services.AddScoped<Billing.CheckoutService>();
        services.AddScoped<Billing.SandboxPayments>();
        services.AddScoped<Billing.RenewSubscriptions>();
    }
}
