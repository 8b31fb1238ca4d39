using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Streamline.Core.Accounts;
using Streamline.Core.Audit;
using Streamline.Core.Billing;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Customers;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Email;
using Streamline.Core.Jobs;
using Streamline.Core.Knowledge;
using Streamline.Core.Onboarding;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Data;

/// <summary>
/// The one model for every provider. Provider-specific subclasses exist only so each provider has
/// its own migrations; nothing provider-specific belongs here.
/// </summary>
public abstract class StreamlineDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, AppRole, Guid>(options), IDataProtectionKeyContext
{
    public const string WorkspaceFilter = "Workspace";

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<WorkspaceInvitation> WorkspaceInvitations => Set<WorkspaceInvitation>();
    public DbSet<EmailMessage> EmailMessages => Set<EmailMessage>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Wallet> Wallets => Set<Wallet>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<CreditReservation> CreditReservations => Set<CreditReservation>();
    public DbSet<CreditPackage> CreditPackages => Set<CreditPackage>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();
    public DbSet<CheckoutSession> CheckoutSessions => Set<CheckoutSession>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<BillingSubscription> BillingSubscriptions => Set<BillingSubscription>();
    public DbSet<BillingCustomer> BillingCustomers => Set<BillingCustomer>();
    public DbSet<Promotion> Promotions => Set<Promotion>();
    public DbSet<PromotionRedemption> PromotionRedemptions => Set<PromotionRedemption>();
    public DbSet<CreditDispute> CreditDisputes => Set<CreditDispute>();
    public DbSet<BusinessProfile> BusinessProfiles => Set<BusinessProfile>();
    public DbSet<KnowledgeDocument> KnowledgeDocuments => Set<KnowledgeDocument>();
    public DbSet<KnowledgePassage> KnowledgePassages => Set<KnowledgePassage>();
    public DbSet<PassageTerm> PassageTerms => Set<PassageTerm>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<WidgetSettings> WidgetSettings => Set<WidgetSettings>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<JobFile> JobFiles => Set<JobFile>();
    public DbSet<JobChangeRequest> JobChangeRequests => Set<JobChangeRequest>();
    public DbSet<JobActivity> JobActivities => Set<JobActivity>();
    public DbSet<JobComment> JobComments => Set<JobComment>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<AiModel> AiModels => Set<AiModel>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<WorkspaceSuspension> WorkspaceSuspensions => Set<WorkspaceSuspension>();
    public DbSet<Analytics.DailyStat> DailyStats => Set<Analytics.DailyStat>();
    public DbSet<Commerce.ShopifyStore> ShopifyStores => Set<Commerce.ShopifyStore>();
    public DbSet<Commerce.CommerceOrder> CommerceOrders => Set<Commerce.CommerceOrder>();
    public DbSet<Commerce.CommerceCustomer> CommerceCustomers => Set<Commerce.CommerceCustomer>();
    public DbSet<Commerce.CommerceProduct> CommerceProducts => Set<Commerce.CommerceProduct>();
    public DbSet<Commerce.ShopifyWebhookDelivery> ShopifyWebhooks => Set<Commerce.ShopifyWebhookDelivery>();
    public DbSet<Commerce.OrderLookupAttempt> OrderLookupAttempts => Set<Commerce.OrderLookupAttempt>();
    public DbSet<Monitoring.MonitoringIncident> MonitoringIncidents => Set<Monitoring.MonitoringIncident>();
    public DbSet<Channels.MessagingChannel> MessagingChannels => Set<Channels.MessagingChannel>();
    public DbSet<Automation.ServiceRun> ServiceRuns => Set<Automation.ServiceRun>();
    public DbSet<Channels.ChannelIdentity> ChannelIdentities => Set<Channels.ChannelIdentity>();
    public DbSet<Channels.ChannelMessage> ChannelMessages => Set<Channels.ChannelMessage>();
    public DbSet<Channels.Ingest.ChannelInbound> ChannelInbound => Set<Channels.Ingest.ChannelInbound>();
    public DbSet<Channels.ChannelMessageTemplate> ChannelMessageTemplates => Set<Channels.ChannelMessageTemplate>();
    public DbSet<Channels.ChannelPendingStatus> ChannelPendingStatuses => Set<Channels.ChannelPendingStatus>();
    public DbSet<Channels.Health.ChannelHealthRecord> ChannelHealth => Set<Channels.Health.ChannelHealthRecord>();
    public DbSet<Channels.Health.ChannelHealthEvent> ChannelHealthEvents => Set<Channels.Health.ChannelHealthEvent>();
    public DbSet<Channels.Sandbox.SandboxMessage> SandboxMessages => Set<Channels.Sandbox.SandboxMessage>();
    public DbSet<Notifications.NotificationPreference> NotificationPreferences => Set<Notifications.NotificationPreference>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.Reports.ReportDelivery> ReportDeliveries => Set<Notifications.Reports.ReportDelivery>();

    /// <summary>Read by the query filters on every query, so it is evaluated per context instance.</summary>
    public Guid? CurrentWorkspaceId => _scope?.WorkspaceId;

    private IWorkspaceScope? _scope;

    /// <summary>
    /// How many times this instance has been handed out. Contexts are pooled, so one instance serves many requests in
    /// turn; state kept for a context outside it (<see cref="PerContext{T}"/>) belongs to one lease only.
    /// </summary>
    internal int Lease { get; private set; }

    /// <summary>Hands the context to a new scope: its queries are filtered to that scope's workspace from now on.</summary>
    internal void Rent(IWorkspaceScope? scope)
    {
        _scope = scope;
        Lease++;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(StreamlineDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes()
                     .Where(e => typeof(IWorkspaceOwned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(WorkspaceFilter, ScopeFilter(entity.ClrType));
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var detected = DetectChangesOnce();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var detected = DetectChangesOnce();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Looks for changes once, refuses any to the ledger, and has the save (and the interceptors that list what it
    /// writes) trust that instead of scanning every tracked entity again each time they ask.
    /// </summary>
    private AutoDetectRestorer DetectChangesOnce()
    {
        var auto = ChangeTracker.AutoDetectChangesEnabled;
        if (auto) ChangeTracker.DetectChanges();
        RefuseAppendOnlyChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        return new AutoDetectRestorer(ChangeTracker, auto);
    }

    private readonly struct AutoDetectRestorer(ChangeTracker tracker, bool auto) : IDisposable
    {
        public void Dispose() => tracker.AutoDetectChangesEnabled = auto;
    }

    /// <summary>The ledger and the audit log are append-only: a correction is a new entry, never an edit.</summary>
    private void RefuseAppendOnlyChanges()
    {
        if (ChangeTracker.Entries<LedgerEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Ledger entries cannot be changed or deleted; record a new entry instead.");
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Audit entries cannot be changed or deleted.");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Enums as readable strings on every provider; lengths keep SQL Server indexes possible.
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    private LambdaExpression ScopeFilter(Type type)
    {
        var row = Expression.Parameter(type, "row");
        var rowWorkspace = Expression.Convert(
            Expression.Property(row, nameof(IWorkspaceOwned.WorkspaceId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentWorkspaceId));
        return Expression.Lambda(Expression.Equal(rowWorkspace, current), row);
    }
}
