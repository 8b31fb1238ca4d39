using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streamline.Core.Ai;
using Streamline.Core.Audit;
using Streamline.Core.Automation;
using Streamline.Core.Analytics;
using Streamline.Core.Assistant;
using Streamline.Core.Background;
using Streamline.Core.Billing;
using Streamline.Core.Campaigns;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Contacts;
using Streamline.Core.Commerce;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Customers;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Finance;
using Streamline.Core.Jobs;
using Streamline.Core.Knowledge;
using Streamline.Core.Monitoring;
using Streamline.Core.Notifications;
using Streamline.Core.Onboarding;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Hosting;

public static class CoreServices
{
    /// <summary>
    /// Everything the web app and the worker host share: database, background jobs, and each feature's own services
    /// (the feature's <c>Add…</c> method, beside its code, registers its caches too).
    /// </summary>
    public static DatabaseSettings AddStreamlineCore(
        this IServiceCollection services, IConfiguration config, IHostEnvironment env, bool runJobServer)
    {
        var paths = StreamlinePaths.From(config, env.ContentRootPath);
        var database = DatabaseSettings.From(config, paths);
        var publicUrl = PublicUrl.Read(config, env);

        services.AddSingleton(paths);
        services.AddSingleton(sp => new PublicUrl(publicUrl, sp.GetService<IListeningAddress>()));
        services.AddSingleton(TimeProvider.System);
        services.AddStreamlineDatabase(database);
        // Web and Workers alike: a job decrypts what a page encrypted, and a page reads links a job signed.
        services.AddStreamlineDataProtection(config, env);
        services.AddStreamlineBackgroundJobs(database, config, runJobServer);

        services.AddEmail(config);
        services.AddNotifications();
        services.AddWorkspaces();
        services.AddCredits();
        services.AddBilling(config);
        services.AddKnowledge(config);
        services.AddAi(config);
        services.AddCampaigns();
        services.AddConversations();
        services.AddAnalytics();
        services.AddAssistant();
        services.AddJobs();
        services.AddOnboarding();
        services.AddWidget(config);
        services.AddAudit();
        services.AddCustomers();
        services.AddFinance();
        services.AddCommerce(config);
        services.AddMonitoring(config);
        services.AddChannels(config);
        services.AddChannelContacts();
        services.AddAutomation(config);
        return database;
    }
}
