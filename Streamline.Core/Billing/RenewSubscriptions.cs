using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Billing;

/// <summary>
/// Hourly. The second path to every subscription grant (the first is <c>invoice.paid</c>): both key the
/// grant by subscription + period, so a period is granted once whichever runs first. In sandbox mode it
/// is also the renewal itself; with Stripe it catches up paid invoices whose webhook never arrived.
/// Also sends the renewal reminder three days ahead, once per period, and expires stale sandbox checkouts.
/// </summary>
public sealed class RenewSubscriptions(
    StreamlineDbContext db, StripeFulfilment fulfilment, SandboxPayments sandbox, IPaymentGateway gateway, EmailOutbox outbox,
    PublicUrl links, TimeProvider clock, ILogger<RenewSubscriptions> log)
{
    public static readonly TimeSpan ReminderLead = TimeSpan.FromDays(3);

    public Task RunAsync(CancellationToken ct) => RunAsync(clock.GetUtcNow().UtcDateTime, ct);

    /// <summary><paramref name="now"/> is a parameter so a test can run next month's renewal today.</summary>
    public async Task RunAsync(DateTime now, CancellationToken ct)
    {
        // past_due too: Stripe's retry may have paid the invoice, and that webhook may be the lost one.
        var live = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(s => s.Status == "active" || s.Status == "trialing" || s.Status == "past_due")
            .ToListAsync(ct);
        foreach (var subscription in live)
        {
            if (subscription.IsSandbox) await RenewInSandboxAsync(subscription, now, ct);
            else if (!gateway.IsSandbox) await CatchUpPaidInvoicesAsync(subscription, ct);
        }
        await RemindAsync(now, ct);
        if (sandbox.Enabled) await ExpireSandboxCheckoutsAsync(now, ct);
    }

    private async Task RenewInSandboxAsync(BillingSubscription subscription, DateTime now, CancellationToken ct)
    {
        if (!sandbox.Enabled || subscription.CurrentPeriodStart is not { } start || subscription.CurrentPeriodEnd is not { } end) return;
        var package = await db.CreditPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Code == subscription.PackageCode, ct);
        if (package is null) return;

        // The current period, in case its invoice event was lost: granted directly, keyed like invoice.paid.
        await fulfilment.GrantPeriodAsync(subscription.WorkspaceId, subscription.StripeSubscriptionId, package, start, end, ct);
        if (end > now) return;
        if (subscription.CancelAtPeriodEnd)
        {
            await sandbox.ChangeSubscriptionAsync(subscription, subscription.PackageCode, "canceled", false, ct);
            return;
        }
        // Every period that has begun by now, each as the invoice.paid Stripe would send.
        var customer = subscription.StripeCustomerId ?? SandboxEvents.CustomerId(subscription.WorkspaceId);
        for (var periodStart = end; periodStart <= now; periodStart = periodStart.AddMonths(1))
            await sandbox.RenewAsync(subscription.StripeSubscriptionId, customer, subscription.WorkspaceId, package.Code,
                package.PriceCents, periodStart, periodStart.AddMonths(1), ct);
    }

    private async Task CatchUpPaidInvoicesAsync(BillingSubscription subscription, CancellationToken ct)
    {
        IReadOnlyList<Stripe.Invoice> invoices;
        try
        {
            invoices = await gateway.RecentPaidInvoicesAsync(subscription.StripeSubscriptionId, ct);
        }
        catch (Exception e) when (CheckoutService.IsProviderFailure(e) && !ct.IsCancellationRequested)
        {
            // Next hour's run tries again; one subscription Stripe refuses must not stop the others or the reminders.
            log.LogWarning(e, "Could not list paid invoices of subscription {SubscriptionId}", subscription.StripeSubscriptionId);
            return;
        }
        foreach (var invoice in invoices)
            await fulfilment.ApplyAsync(new Stripe.Event { Type = "invoice.paid", Data = new Stripe.EventData { Object = invoice } }, ct);
    }

    private async Task RemindAsync(DateTime now, CancellationToken ct)
    {
        var horizon = now + ReminderLead;
        var due = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(s => (s.Status == "active" || s.Status == "trialing") && !s.CancelAtPeriodEnd
                        && s.CurrentPeriodEnd != null && s.CurrentPeriodEnd > now && s.CurrentPeriodEnd <= horizon
                        && (s.RenewalReminderSentFor == null || s.RenewalReminderSentFor != s.CurrentPeriodEnd))
            .ToListAsync(ct);
        foreach (var subscription in due)
        {
            // The claim and the mails commit together: a second worker running the same hour sends nothing, and a
            // failure in between leaves the reminder unclaimed for the next hour rather than claimed and never sent.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace)
                .Where(s => s.Id == subscription.Id && (s.RenewalReminderSentFor == null || s.RenewalReminderSentFor != s.CurrentPeriodEnd))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RenewalReminderSentFor, x => x.CurrentPeriodEnd), ct);
            if (claimed == 0) continue;
            var package = await db.CreditPackages.AsNoTracking().SingleAsync(p => p.Code == subscription.PackageCode, ct);
            var values = new Dictionary<string, string>
            {
                ["Workspace"] = await db.Workspaces.Where(w => w.Id == subscription.WorkspaceId).Select(w => w.Name).SingleAsync(ct),
                ["Plan"] = package.Name,
                ["Amount"] = StripeFulfilment.Money(package.PriceCents, package.Currency),
                ["Credits"] = Credits.CreditAmount.Credits(package.CreditsMillicredits),
                ["RenewsOn"] = subscription.CurrentPeriodEnd!.Value.ToString("d MMM yyyy"),
                ["BillingUrl"] = links.Link("/credits"),
            };
            foreach (var to in await db.OwnerEmailsAsync(subscription.WorkspaceId, ct)) outbox.Queue(to, "renewal-reminder", values);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
    }

    private async Task ExpireSandboxCheckoutsAsync(DateTime now, CancellationToken ct)
    {
        var stale = await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.IsSandbox && c.Status == CheckoutStatus.Open && c.ExpiresAt <= now)
            .OrderBy(c => c.ExpiresAt).Take(200).ToListAsync(ct);
        foreach (var checkout in stale) await sandbox.ExpireAsync(checkout, ct);
    }
}
