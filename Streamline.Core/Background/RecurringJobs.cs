using Hangfire;
using Microsoft.Extensions.Hosting;
using Streamline.Core.Credits;
using Streamline.Core.Email;

namespace Streamline.Core.Background;

/// <summary>Every recurring schedule, in one place. Ids are stable so re-registering updates in place.</summary>
public static class RecurringJobs
{
    public const string EmailOutboxSweep = "email-outbox-sweep";
    public const string ExpiredReservationsRelease = "credits-expired-reservations-release";
    public const string WalletReconciliation = "credits-wallet-reconciliation";
    public const string StripeEventsSweep = "billing-stripe-events-sweep";
    public const string SubscriptionRenewals = "billing-subscription-renewals";
    public const string KnowledgeDocumentsSweep = "knowledge-documents-sweep";
    public const string AwaitingRepliesSweep = "conversations-awaiting-replies-sweep";
    public const string DailyStatsAggregation = "analytics-daily-stats";
    public const string ShopifySyncs = "commerce-shopify-syncs";
    public const string MonitoringAlerts = "monitoring-incident-alerts";
    public const string ServiceRunsSweep = "services-runs-sweep";
    public const string ChannelOutboxSweep = "channels-outbox-sweep";
    public const string SilentChannelsSweep = "channels-silent-sweep";
    public const string WorkspaceReports = "notifications-workspace-reports";

    public static void Register(IRecurringJobManager manager)
    {
        manager.AddOrUpdate<SweepEmailOutbox>(EmailOutboxSweep, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<ReleaseExpiredReservations>(ExpiredReservationsRelease, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<Billing.SweepStripeEvents>(StripeEventsSweep, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<Billing.RenewSubscriptions>(SubscriptionRenewals, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        manager.AddOrUpdate<Channels.Health.SweepSilentChannels>(SilentChannelsSweep, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        manager.AddOrUpdate<Knowledge.SweepKnowledgeDocuments>(KnowledgeDocumentsSweep, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<Conversations.SweepAwaitingReplies>(AwaitingRepliesSweep, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<Commerce.ScheduleShopifySyncs>(ShopifySyncs, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<Channels.SweepChannelOutbox>(ChannelOutboxSweep, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<Monitoring.AlertMonitoringIncidents>(MonitoringAlerts, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<Automation.SweepServiceRuns>(ServiceRunsSweep, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        // 03:00 UTC, when traffic is lowest: it reads every wallet and its whole ledger.
        manager.AddOrUpdate<ReconcileWallets>(WalletReconciliation, j => j.RunAsync(CancellationToken.None), Cron.Daily(3));
        // Just after midnight UTC, so yesterday is stored soon after it ends; it also re-counts the days before it.
        manager.AddOrUpdate<Analytics.AggregateDailyStats>(DailyStatsAggregation, j => j.RunAsync(CancellationToken.None), Cron.Daily(0, 5));
        // After the night's aggregation has stored the days a report reads; daily, so a missed run is made up the next day.
        manager.AddOrUpdate<Notifications.Reports.SendWorkspaceReports>(WorkspaceReports, j => j.RunAsync(CancellationToken.None), Cron.Daily(6));
    }
}

/// <summary>Registers the schedules when a host starts (web or worker; doing it twice is harmless).</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager manager) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        RecurringJobs.Register(manager);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
