using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Billing;

/// <summary>
/// When Stripe is down at checkout, and when Stripe's <c>invoice.paid</c> webhook never arrived: the
/// app's own records stay exact (nothing held, nothing granted twice) on each database.
/// </summary>
public abstract class StripeResilienceTests<TApp>(TApp app) where TApp : StripeBillingApp
{
    [Theory]
    [InlineData(FakeStripe.Outage.ServerError)]
    [InlineData(FakeStripe.Outage.Disconnect)]
    [InlineData(FakeStripe.Outage.Hang)]
    public async Task When_Stripe_cannot_be_reached_the_customer_is_told_the_checkout_closes_and_the_promotion_claim_is_released(
        FakeStripe.Outage outage)
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var promotion = await app.InsertAsync(new Promotion
        {
            Code = PromotionCode(), BonusMillicredits = 10_000, MaxRedemptions = 1, CreatedAt = DateTime.UtcNow,
        });

        HttpResponseMessage refused;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (app.StripeApi.Down(outage))
            refused = await BuyAsync(client, "pack-100", promotion.Code);
        // Stripe:TimeoutSeconds is 2 here: three tries end in seconds, where Stripe.net's 80 s default would take minutes.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the Buy click was held {clock.Elapsed}");

        Assert.Equal(System.Net.HttpStatusCode.OK, refused.StatusCode);
        var page = await AppClient.ParseAsync(refused);
        Assert.Contains("could not be reached", page.QuerySelector("#promotion-error")!.TextContent);
        Assert.Equal(promotion.Code, page.QuerySelector("#promotion-code")!.GetAttribute("value"));

        var checkout = Assert.Single(await app.CheckoutsAsync(workspaceId));
        Assert.Equal(CheckoutStatus.Expired, checkout.Status);
        // Stripe.net retried (Stripe:MaxNetworkRetries = 2), each time with the same key: had Stripe created the
        // session once, it would not twice. A retry sent on a pooled connection the server had just dropped
        // never reaches the server, so two or three arrive.
        var attempts = app.CheckoutRequests(workspaceId);
        Assert.InRange(attempts.Count, 2, 3);
        Assert.All(attempts, a => Assert.Equal($"checkout:{checkout.Id}", a.Header("Idempotency-Key")));
        await using (var db = app.Database.NewContext())
        {
            Assert.Equal(0, (await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == promotion.Id)).RedemptionCount);
            Assert.False(await db.PromotionRedemptions.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(r => r.PromotionId == promotion.Id));
        }

        // Stripe is back: the single-use code is free again.
        (await BuyAsync(client, "pack-100", promotion.Code)).EnsureRedirect("https://checkout.stripe.test/c/pay/cs_test_");
        await using (var db = app.Database.NewContext())
            Assert.Equal(1, (await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == promotion.Id)).RedemptionCount);
    }

    [Fact]
    public async Task The_renewal_job_catches_up_a_paid_invoice_whose_webhook_never_came_and_grants_each_period_once()
    {
        var (workspaceId, subscriptionId, customerId, start) = await ActivePlanAsync();
        // Stripe renewed the plan on 1 April and the invoice is paid, but its invoice.paid never reached us.
        app.StripeApi.AddInvoice(PaidInvoice(subscriptionId, customerId, workspaceId, start.AddMonths(1)));
        // Another subscription's paid invoice: it would be granted here only if the job forgot to ask for this subscription's.
        app.StripeApi.AddInvoice(PaidInvoice($"sub_test_{Guid.NewGuid():N}", customerId, workspaceId, start.AddMonths(1)));

        var now = start.AddMonths(1).AddHours(2);
        await RenewAsync(now);
        Assert.Equal(200_000, await app.BalanceAsync(workspaceId));

        var listed = app.StripeApi.Requests.Where(r => r.Path == "/v1/invoices" && r.Query.GetValueOrDefault("subscription") == subscriptionId).ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("paid", r.Query["status"]);
            Assert.Equal($"Bearer {StripeBillingApp.SecretKey}", r.Header("Authorization"));
            Assert.Equal(Stripe.StripeConfiguration.ApiVersion, r.Header("Stripe-Version"));
        });

        // The next hour's run, and two at once (two workers), find the same invoice and grant nothing more.
        await RenewAsync(now.AddHours(1));
        await Task.WhenAll(RenewAsync(now.AddHours(2)), RenewAsync(now.AddHours(2)));
        Assert.Equal(200_000, await app.BalanceAsync(workspaceId));

        // A month later the next paid invoice is listed too; two concurrent runs grant that period once.
        app.StripeApi.AddInvoice(PaidInvoice(subscriptionId, customerId, workspaceId, start.AddMonths(2)));
        await Task.WhenAll(RenewAsync(now.AddMonths(1)), RenewAsync(now.AddMonths(1)));
        Assert.Equal(400_000, await app.BalanceAsync(workspaceId));

        await using var db = app.Database.NewContext();
        var grants = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(e => e.WorkspaceId == workspaceId && e.Type == LedgerEntryType.SubscriptionGrant).ToListAsync();
        Assert.Equal(
            [StripeFulfilment.SubscriptionGrantKey(subscriptionId, start.AddMonths(1)), StripeFulfilment.SubscriptionGrantKey(subscriptionId, start.AddMonths(2))],
            grants.Select(g => g.IdempotencyKey).Order());
        var payments = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).Where(p => p.SubscriptionId == subscriptionId).ToListAsync();
        Assert.Equal(2, payments.Count);
        Assert.All(payments, p => Assert.Equal(1_999, p.AmountCents));
        var subscription = await db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(s => s.StripeSubscriptionId == subscriptionId);
        Assert.Equal(start.AddMonths(2), subscription.CurrentPeriodStart);
        Assert.Equal(start.AddMonths(3), subscription.CurrentPeriodEnd);
    }

    [Fact]
    public async Task A_Stripe_outage_during_the_renewal_run_still_sends_reminders_and_the_next_run_catches_up_a_past_due_plan()
    {
        var (_, renewingEmail) = await AppClient.SignedInUserAsync(app);
        var renewing = await app.WorkspaceOfAsync(renewingEmail);
        var (_, overdueEmail) = await AppClient.SignedInUserAsync(app);
        var overdue = await app.WorkspaceOfAsync(overdueEmail);
        var now = new DateTime(2031, 1, 29, 12, 0, 0, DateTimeKind.Utc);
        var start = new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // One plan renews in three days (reminder due); the other's renewal failed once and Stripe retried it successfully.
        await InsertSubscriptionAsync(renewing, $"sub_test_{Guid.NewGuid():N}", "active", start, start.AddMonths(1));
        var overdueSubscription = $"sub_test_{Guid.NewGuid():N}";
        await InsertSubscriptionAsync(overdue, overdueSubscription, "past_due", start.AddMonths(-1), start);
        app.StripeApi.AddInvoice(PaidInvoice(overdueSubscription, $"cus_test_{overdue:N}", overdue, start));

        using (app.StripeApi.Down(FakeStripe.Outage.ServerError))
            await RenewAsync(now);

        Assert.Equal(0, await app.BalanceAsync(overdue));
        await using (var db = app.Database.NewContext())
            Assert.Single(await db.EmailMessages.Where(m => m.To == renewingEmail && m.Template == "renewal-reminder").ToListAsync());

        await RenewAsync(now.AddHours(1));
        Assert.Equal(200_000, await app.BalanceAsync(overdue));
        await using (var db = app.Database.NewContext())
            Assert.Single(await db.EmailMessages.Where(m => m.To == renewingEmail && m.Template == "renewal-reminder").ToListAsync());
    }

    [Fact]
    public async Task A_refund_and_a_card_dispute_of_a_subscription_payment_are_traced_to_its_invoice_through_Stripe()
    {
        var (workspaceId, subscriptionId, customerId, start) = await ActivePlanAsync();
        var invoice = PaidInvoice(subscriptionId, customerId, workspaceId, start);
        var invoiceId = invoice["id"]!.GetValue<string>();
        (await app.DeliverAsync(SandboxEvents.Event($"evt_{invoiceId}_paid", "invoice.paid", DateTime.UtcNow, invoice))).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();
        Assert.Equal(200_000, await app.BalanceAsync(workspaceId));

        // Neither the invoice nor the charge names the other; only Stripe's invoice payments connect them.
        var intent = $"pi_test_{Guid.NewGuid():N}";
        app.StripeApi.AddInvoicePayment(invoiceId, intent);
        (await app.DeliverAsync(SandboxEvents.Event($"evt_{intent}_refund", "charge.refunded", DateTime.UtcNow,
            SandboxEvents.Charge($"ch_{intent}", intent, 1_999, 1_000)))).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();
        // Half the money back: 1,000 of 1,999 cents takes back 100,050 of the 200,000 granted millicredits.
        Assert.Equal(200_000 - 200_000 * 1_000 / 1_999, await app.BalanceAsync(workspaceId));

        (await app.DeliverAsync(SandboxEvents.Event($"evt_{intent}_dispute", "charge.dispute.created", DateTime.UtcNow,
            SandboxEvents.Dispute($"dp_{intent}", $"ch_{intent}", intent, 999, "needs_response")))).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();
        await using var db = app.Database.NewContext();
        var payment = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(p => p.StripeObjectId == invoiceId);
        Assert.Equal(intent, payment.PaymentIntentId);
        Assert.Equal($"dp_{intent}", payment.ChargeDisputeId);
        Assert.NotNull(payment.FrozenReservationId);
        // The answer was kept: the dispute found the payment without asking Stripe again.
        Assert.Single(app.StripeApi.Requests, r => r.Path == "/v1/invoice_payments");
    }

    /// <summary>A customer on an active Starter plan whose current period began on 1 March 2026.</summary>
    private async Task<(Guid WorkspaceId, string SubscriptionId, string CustomerId, DateTime Start)> ActivePlanAsync()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var subscriptionId = $"sub_test_{Guid.NewGuid():N}";
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        await InsertSubscriptionAsync(workspaceId, subscriptionId, "active", start, start.AddMonths(1));
        return (workspaceId, subscriptionId, $"cus_test_{workspaceId:N}", start);
    }

    private Task InsertSubscriptionAsync(Guid workspaceId, string subscriptionId, string status, DateTime periodStart, DateTime periodEnd) =>
        app.InsertAsync(new BillingSubscription
        {
            WorkspaceId = workspaceId, StripeSubscriptionId = subscriptionId, StripeCustomerId = $"cus_test_{workspaceId:N}",
            PackageCode = "starter", Status = status, CurrentPeriodStart = periodStart, CurrentPeriodEnd = periodEnd,
            LastEventAt = periodStart, CreatedAt = periodStart, UpdatedAt = periodStart,
        });

    private static System.Text.Json.Nodes.JsonObject PaidInvoice(string subscriptionId, string customerId, Guid workspaceId, DateTime periodStart)
    {
        var invoice = SandboxEvents.Invoice($"in_test_{Guid.NewGuid():N}", subscriptionId, customerId, workspaceId, "starter", 1_999,
            periodStart, periodStart.AddMonths(1));
        invoice["status"] = "paid";
        return invoice;
    }

    private Task RenewAsync(DateTime now) => app.WithScopeAsync(async services =>
    {
        await services.GetRequiredService<RenewSubscriptions>().RunAsync(now, CancellationToken.None);
        return true;
    });

    private static string PromotionCode() => $"TEST{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    private static Task<HttpResponseMessage> BuyAsync(AppClient client, string code, string promotionCode) =>
        client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = code, ["PromotionCode"] = promotionCode },
            "/credits?handler=Buy");
}

public sealed class StripeResilienceTestsOnSqlite(StripeBillingSqliteApp app)
    : StripeResilienceTests<StripeBillingSqliteApp>(app), IClassFixture<StripeBillingSqliteApp>;

public sealed class StripeResilienceTestsOnPostgres(StripeBillingPostgresApp app)
    : StripeResilienceTests<StripeBillingPostgresApp>(app), IClassFixture<StripeBillingPostgresApp>;
