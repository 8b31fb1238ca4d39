using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Billing;

/// <summary>
/// Stripe delivers at least once, concurrently and in any order, and reports one purchase through
/// several events: every effect must happen exactly once whatever arrives how.
/// </summary>
public abstract class StripeEventTests<TApp>(TApp app) where TApp : SandboxBillingApp
{
    [Fact]
    public async Task Every_event_type_delivered_ten_times_concurrently_and_shuffled_applies_each_effect_once()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var refunded = await StartCheckoutAsync(workspaceId, email, "pack-100");
        var disputed = await StartCheckoutAsync(workspaceId, email, "pack-550");
        var subscribed = await StartCheckoutAsync(workspaceId, email, "professional");

        var t0 = DateTime.UtcNow.AddMinutes(-1);
        var customer = SandboxEvents.CustomerId(workspaceId);
        var subscription = SandboxEvents.SubscriptionId(subscribed);
        var periodStart = new DateTime(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, t0.Second, DateTimeKind.Utc);
        var periodEnd = periodStart.AddMonths(1);
        var invoice = SandboxEvents.InvoiceId(subscription, periodStart);
        var refundedIntent = SandboxEvents.PaymentIntentId(refunded);
        var disputedIntent = SandboxEvents.PaymentIntentId(disputed);

        string[] events =
        [
            SandboxEvents.Event("evt_m_pack_completed", "checkout.session.completed", t0, SandboxEvents.CheckoutSession(refunded, null, customer)),
            // Same session reported again under another event id and type: must not credit twice.
            SandboxEvents.Event("evt_m_pack_async", "checkout.session.async_payment_succeeded", t0, SandboxEvents.CheckoutSession(refunded, null, customer)),
            SandboxEvents.Event("evt_m_pack2_completed", "checkout.session.completed", t0, SandboxEvents.CheckoutSession(disputed, null, customer)),
            SandboxEvents.Event("evt_m_refund", "charge.refunded", t0.AddSeconds(5), SandboxEvents.Charge("ch_m_1", refundedIntent, 1_000, 500)),
            SandboxEvents.Event("evt_m_dispute", "charge.dispute.created", t0.AddSeconds(5), SandboxEvents.Dispute("dp_m_1", "ch_m_2", disputedIntent, 4_500, "needs_response")),
            SandboxEvents.Event("evt_m_sub_created", "customer.subscription.created", t0,
                SandboxEvents.Subscription(subscription, customer, workspaceId, "professional", "active", periodStart, periodEnd)),
            SandboxEvents.Event("evt_m_sub_completed", "checkout.session.completed", t0, SandboxEvents.CheckoutSession(subscribed, subscription, customer)),
            SandboxEvents.Event("evt_m_invoice_paid", "invoice.paid", t0,
                SandboxEvents.Invoice(invoice, subscription, customer, workspaceId, "professional", 4_999, periodStart, periodEnd)),
            // Stripe also reports a paid invoice as invoice.payment_succeeded under its own id; here the same type twice.
            SandboxEvents.Event("evt_m_invoice_paid_again", "invoice.paid", t0.AddSeconds(1),
                SandboxEvents.Invoice(invoice, subscription, customer, workspaceId, "professional", 4_999, periodStart, periodEnd)),
            SandboxEvents.Event("evt_m_sub_updated", "customer.subscription.updated", t0.AddSeconds(10),
                SandboxEvents.Subscription(subscription, customer, workspaceId, "professional", "active", periodStart, periodEnd, cancelAtPeriodEnd: true)),
            SandboxEvents.Event("evt_m_failed", "invoice.payment_failed", t0.AddSeconds(12),
                SandboxEvents.Invoice("in_m_other", subscription, customer, workspaceId, "professional", 4_999, periodEnd, periodEnd.AddMonths(1))),
            SandboxEvents.Event("evt_m_sub_deleted", "customer.subscription.deleted", t0.AddSeconds(20),
                SandboxEvents.Subscription(subscription, customer, workspaceId, "professional", "canceled", periodStart, periodEnd)),
        ];
        var deliveries = events.SelectMany(e => Enumerable.Repeat(e, 10)).OrderBy(_ => Random.Shared.Next()).ToList();

        var responses = await Task.WhenAll(deliveries.Select(body => Task.Run(() => app.DeliverAsync(body))));
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"webhook answered {(int)r.StatusCode}"));
        await app.DrainEventsAsync();

        await using var db = app.Database.NewContext();
        Assert.Equal(events.Length, await db.StripeEvents.CountAsync(e => e.Id.StartsWith("evt_m_")));
        var ledger = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).Where(e => e.WorkspaceId == workspaceId).ToListAsync();
        Assert.Equal(2, ledger.Count(e => e.Type == LedgerEntryType.Purchase));
        Assert.Equal(600_000, Assert.Single(ledger, e => e.Type == LedgerEntryType.SubscriptionGrant).AmountMillicredits);
        Assert.Equal(-50_000, Assert.Single(ledger, e => e.Type == LedgerEntryType.Clawback).AmountMillicredits);
        Assert.Equal(-550_000, Assert.Single(ledger, e => e.Type == LedgerEntryType.ReservationHold).AmountMillicredits);
        // 100 − 50 refunded + 550 − 550 frozen + 600 plan
        Assert.Equal(650_000, await app.BalanceAsync(workspaceId));
        Assert.Equal(ledger.Sum(e => e.AmountMillicredits), await app.BalanceAsync(workspaceId));

        var payments = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).Where(p => p.WorkspaceId == workspaceId).ToListAsync();
        Assert.Equal(3, payments.Count);
        var refundedPayment = payments.Single(p => p.PaymentIntentId == refundedIntent);
        Assert.Equal((500L, 50_000L, 0L), (refundedPayment.RefundedCents, refundedPayment.ClawedBackMillicredits, refundedPayment.UnrecoveredMillicredits));
        Assert.Equal("dp_m_1", payments.Single(p => p.PaymentIntentId == disputedIntent).ChargeDisputeId);

        var row = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(s => s.StripeSubscriptionId == subscription);
        Assert.Equal("canceled", row.Status);
        Assert.Equal(periodStart, row.CurrentPeriodStart);

        var mails = await db.EmailMessages.Where(m => m.To == email).ToListAsync();
        Assert.Equal(2, mails.Count(m => m.Template == "purchase-receipt"));
        Assert.Single(mails, m => m.Template == "subscription-receipt");
        Assert.Single(mails, m => m.Template == "payment-failed");
        Assert.Empty(await NewCredits().ReconcileAsync());
    }

    [Fact]
    public async Task A_failed_renewal_shows_the_plan_past_due_until_a_newer_event_says_otherwise()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var checkout = await StartCheckoutAsync(workspaceId, email, "professional");
        var customer = SandboxEvents.CustomerId(workspaceId);
        var subscription = SandboxEvents.SubscriptionId(checkout);
        var t0 = DateTime.UtcNow.AddMinutes(-10);
        var start = new DateTime(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, t0.Second, DateTimeKind.Utc);
        var end = start.AddMonths(1);
        string Active(string id, DateTime at) => SandboxEvents.Event(id, "customer.subscription.updated", at,
            SandboxEvents.Subscription(subscription, customer, workspaceId, "professional", "active", start, end));

        await DeliverAndDrainAsync(Active($"evt_pd0_{checkout.Id:N}", t0));
        Assert.Equal("active", await StatusAsync());

        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_pd1_{checkout.Id:N}", "invoice.payment_failed", t0.AddMinutes(2),
            SandboxEvents.Invoice($"in_pd_{checkout.Id:N}", subscription, customer, workspaceId, "professional", 4_999, end, end.AddMonths(1))));
        Assert.Equal("past_due", await StatusAsync());

        // An update Stripe sent before the failure, delivered after it, is stale; a newer one decides.
        await DeliverAndDrainAsync(Active($"evt_pd2_{checkout.Id:N}", t0.AddMinutes(1)));
        Assert.Equal("past_due", await StatusAsync());
        await DeliverAndDrainAsync(Active($"evt_pd3_{checkout.Id:N}", t0.AddMinutes(3)));
        Assert.Equal("active", await StatusAsync());

        async Task<string> StatusAsync()
        {
            await using var db = app.Database.NewContext();
            return (await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(s => s.StripeSubscriptionId == subscription)).Status;
        }
    }

    [Fact]
    public async Task A_refund_claws_back_its_share_never_below_zero_and_records_what_was_already_spent()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var checkout = await StartCheckoutAsync(workspaceId, email, "pack-100");
        var intent = SandboxEvents.PaymentIntentId(checkout);
        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_r_{checkout.Id:N}", "checkout.session.completed", DateTime.UtcNow,
            SandboxEvents.CheckoutSession(checkout, null, SandboxEvents.CustomerId(workspaceId))));
        Assert.Equal(100_000, await app.BalanceAsync(workspaceId));

        // The customer spends 80 of the 100 credits, then $4 of the $10 is refunded: 40 credits are due back.
        await NewCredits().SpendAsync(workspaceId, 80_000, LedgerEntryType.Consumption, "usage", $"use-{Guid.NewGuid()}", null, null);
        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_r1_{checkout.Id:N}", "charge.refunded", DateTime.UtcNow,
            SandboxEvents.Charge("ch_r", intent, 1_000, 400)));
        Assert.Equal(0, await app.BalanceAsync(workspaceId));
        var afterFirst = await PaymentAsync(intent);
        Assert.Equal((400L, 20_000L, 20_000L), (afterFirst.RefundedCents, afterFirst.ClawedBackMillicredits, afterFirst.UnrecoveredMillicredits));

        // The rest is refunded later (amount_refunded is cumulative); a late copy of the first refund changes nothing.
        await NewCredits().GrantAsync(workspaceId, 30_000, LedgerEntryType.AdminGrant, "goodwill", $"grant-{Guid.NewGuid()}", null, null);
        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_r2_{checkout.Id:N}", "charge.refunded", DateTime.UtcNow,
            SandboxEvents.Charge("ch_r", intent, 1_000, 1_000)));
        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_r1_late_{checkout.Id:N}", "charge.refunded", DateTime.UtcNow,
            SandboxEvents.Charge("ch_r", intent, 1_000, 400)));
        var final = await PaymentAsync(intent);
        // 60 more credits were due; the wallet held 30.
        Assert.Equal((1_000L, 50_000L, 50_000L), (final.RefundedCents, final.ClawedBackMillicredits, final.UnrecoveredMillicredits));
        Assert.Equal(0, await app.BalanceAsync(workspaceId));
        Assert.Empty(await NewCredits().ReconcileAsync());
    }

    [Theory]
    [InlineData("won", 550_000)]
    [InlineData("lost", 0)]
    public async Task A_card_dispute_freezes_the_purchased_credits_until_it_closes(string outcome, long balanceAfter)
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var checkout = await StartCheckoutAsync(workspaceId, email, "pack-550");
        var intent = SandboxEvents.PaymentIntentId(checkout);
        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_d_{checkout.Id:N}", "checkout.session.completed", DateTime.UtcNow,
            SandboxEvents.CheckoutSession(checkout, null, SandboxEvents.CustomerId(workspaceId))));

        var dispute = $"dp_{checkout.Id:N}";
        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_d1_{checkout.Id:N}", "charge.dispute.created", DateTime.UtcNow,
            SandboxEvents.Dispute(dispute, "ch_d", intent, 4_500, "needs_response")));
        Assert.Equal(0, await app.BalanceAsync(workspaceId));
        var spend = await NewCredits().SpendAsync(workspaceId, 1_000, LedgerEntryType.Consumption, "usage", $"use-{Guid.NewGuid()}", null, null);
        Assert.True(spend.Insufficient, "frozen credits must not be spendable");

        await DeliverAndDrainAsync(SandboxEvents.Event($"evt_d2_{checkout.Id:N}", "charge.dispute.closed", DateTime.UtcNow,
            SandboxEvents.Dispute(dispute, "ch_d", intent, 4_500, outcome)));
        Assert.Equal(balanceAfter, await app.BalanceAsync(workspaceId));
        Assert.Equal(outcome, (await PaymentAsync(intent)).ChargeDisputeStatus);
        Assert.Empty(await NewCredits().ReconcileAsync());
    }

    [Fact]
    public async Task A_subscription_period_is_granted_once_by_whichever_of_the_job_and_the_invoice_comes_first()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var buy = (await client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = "starter" }, "/credits?handler=Buy"))
            .EnsureRedirect();
        var checkoutPath = AppClient.PathOf(buy.Headers.Location!.OriginalString);
        (await client.PostFormAsync(checkoutPath, new Dictionary<string, string>(), checkoutPath + "?handler=Pay")).EnsureRedirect();
        await app.DrainEventsAsync();
        Assert.Equal(200_000, await app.BalanceAsync(workspaceId));
        Assert.Contains("Starter", (await client.GetDocumentAsync("/credits")).QuerySelector("main")!.TextContent);

        await using var db = app.Database.NewContext();
        var subscription = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(s => s.WorkspaceId == workspaceId);
        var nextMonth = subscription.CurrentPeriodEnd!.Value.AddHours(1);

        // Two workers run the renewal at once: the next period's invoice is produced twice, granted once.
        await Task.WhenAll(RenewAsync(nextMonth), RenewAsync(nextMonth));
        await app.DrainEventsAsync();
        await RenewAsync(nextMonth);
        await app.DrainEventsAsync();
        Assert.Equal(400_000, await app.BalanceAsync(workspaceId));
        var grants = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(e => e.WorkspaceId == workspaceId && e.Type == LedgerEntryType.SubscriptionGrant).ToListAsync();
        Assert.Equal(2, grants.Count);
        Assert.Equal(2, await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(p => p.WorkspaceId == workspaceId && p.Kind == PaymentKind.SubscriptionInvoice));

        // Three days before the renewal the owners are reminded, once per period.
        var renewed = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(s => s.WorkspaceId == workspaceId);
        var reminderTime = renewed.CurrentPeriodEnd!.Value.AddDays(-2);
        await RenewAsync(reminderTime);
        await RenewAsync(reminderTime);
        Assert.Equal(1, await db.EmailMessages.CountAsync(m => m.To == email && m.Template == "renewal-reminder"));
    }

    [Fact]
    public async Task The_renewal_job_takes_its_batches_in_a_stated_order()
    {
        await RenewAsync(DateTime.UtcNow);

        // EF warns when it compiles a Skip/Take or First without an OrderBy: which rows come back would be up to the database.
        Assert.Empty(app.Logs.From("Microsoft.EntityFrameworkCore.Query"));
    }

    private async Task RenewAsync(DateTime now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RenewSubscriptions>().RunAsync(now, CancellationToken.None);
    }

    private async Task DeliverAndDrainAsync(string payload)
    {
        var response = await app.DeliverAsync(payload);
        Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}");
        await app.DrainEventsAsync();
    }

    private async Task<CheckoutSession> StartCheckoutAsync(Guid workspaceId, string email, string package)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var started = await scope.ServiceProvider.GetRequiredService<CheckoutService>()
            .StartAsync(new CheckoutRequest(workspaceId, Guid.NewGuid(), email, package, null, "https://localhost"), CancellationToken.None);
        Assert.True(started.Url is not null, started.Error);
        await using var db = app.Database.NewContext();
        return await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.PackageCode == package).OrderByDescending(c => c.CreatedAt).FirstAsync();
    }

    private async Task<Payment> PaymentAsync(string intent)
    {
        await using var db = app.Database.NewContext();
        return await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(p => p.PaymentIntentId == intent);
    }

    private CreditService NewCredits()
    {
        var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CreditService>();
    }
}

public sealed class StripeEventTestsOnSqlite(SandboxBillingSqliteApp app)
    : StripeEventTests<SandboxBillingSqliteApp>(app), IClassFixture<SandboxBillingSqliteApp>;

public sealed class StripeEventTestsOnPostgres(SandboxBillingPostgresApp app)
    : StripeEventTests<SandboxBillingPostgresApp>(app), IClassFixture<SandboxBillingPostgresApp>;
