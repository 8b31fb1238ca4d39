using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Finance;

/// <summary>On an app of its own: the figures are platform-wide, so no other test's payments may land in them.</summary>
public abstract class FinanceReportTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AdminApp
{
    [Fact]
    public async Task The_figures_reconcile_exactly_with_the_seeded_payments_subscriptions_and_ledger()
    {
        var today = DateTime.UtcNow.Date;
        var first = DateOnly.FromDateTime(today.AddDays(-29));
        var before = today.AddDays(-60);
        var w1 = await app.NewWorkspaceAsync("Finance One");
        var w2 = await app.NewWorkspaceAsync("Finance Two");
        var w3 = await app.NewWorkspaceAsync("Finance Three");
        await using (var db = app.Database.NewContext())
        {
            db.CreditPackages.Add(new CreditPackage
            {
                Code = "finance-plan", Name = "Finance plan", Kind = CreditPackageKind.Subscription, PriceCents = 4_900, CreditsMillicredits = 500_000,
            });
            db.Payments.AddRange(
                Payment(w1, 10_000, refunded: 2_000, today.AddDays(-1).AddHours(10)),
                Payment(w1, 5_000, refunded: 0, today.AddHours(1)),
                Payment(w2, 3_000, refunded: 0, today.AddHours(2)),
                Payment(w3, 7_000, refunded: 0, before));
            db.BillingSubscriptions.AddRange(
                Subscription(w1, "active", created: before, updated: before),
                Subscription(w2, "active", created: today.AddHours(3), updated: today.AddHours(3)),
                Subscription(w3, "canceled", created: before, updated: today.AddHours(4)),
                Subscription(w3, "canceled", created: before, updated: before.AddDays(1)));
            await db.SaveChangesAsync();
        }
        await LedgerAsync(c => c.GrantAsync(w1, 100_000, LedgerEntryType.Purchase, "Pack", Key(), null, null));
        await LedgerAsync(c => c.GrantAsync(w1, 50_000, LedgerEntryType.SubscriptionGrant, "Plan", Key(), null, null));
        await LedgerAsync(c => c.GrantAsync(w2, 5_000, LedgerEntryType.PromotionBonus, "Bonus", Key(), null, null));
        await LedgerAsync(c => c.SpendAsync(w1, 10_000, LedgerEntryType.Consumption, "Replies", Key(), null, null));
        using var admin = await app.SuperAdminAsync();

        var response = await admin.Http.GetAsync($"/admin/finance?handler=Csv&From={first:yyyy-MM-dd}&To={today:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var figures = lines.SkipWhile(l => l != "figure,value").Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1]);

        Assert.Equal("16000", figures["net_revenue_cents"]);
        Assert.Equal("9800", figures["mrr_cents"]);
        Assert.Equal("2", figures["live_subscriptions:finance-plan"]);
        Assert.Equal(("1", "1", "2", "0.5"), (figures["new_subscriptions"], figures["churned_subscriptions"], figures["live_subscriptions_at_start"], figures["churn_rate"]));
        Assert.Equal(("2", "8000"), (figures["paying_workspaces"], figures["average_revenue_per_workspace_cents"]));
        Assert.Equal(("100000", "55000", "10000"),
            (figures["credits_purchased_millicredits"], figures["credits_granted_millicredits"], figures["credits_consumed_millicredits"]));
        Assert.Equal("50", figures["promotion_cost_cents"]);

        // The same figures straight from the tables: payments less refunds, every wallet, the ledger's own sums.
        await using (var db = app.Database.NewContext())
        {
            var start = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var payments = await db.Payments.IgnoreQueryFilters().Where(p => p.CreatedAt >= start).ToListAsync();
            Assert.Equal(payments.Sum(p => p.AmountCents - p.RefundedCents).ToString(), figures["net_revenue_cents"]);
            var balances = await db.Wallets.IgnoreQueryFilters().SumAsync(w => w.BalanceMillicredits);
            var ledger = await db.LedgerEntries.IgnoreQueryFilters().SumAsync(e => e.AmountMillicredits);
            Assert.Equal(balances, ledger);
            Assert.Equal(balances.ToString(), figures["credits_outstanding_millicredits"]);
            Assert.Equal((balances / 100).ToString(), figures["credits_liability_cents"]);
        }

        // Days and months add up to the period's net revenue.
        var days = lines.Skip(1).TakeWhile(l => l.Length > 0 && char.IsDigit(l[0]) && l.Split(',')[0].Length == 10).Select(l => long.Parse(l.Split(',')[4])).ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(16_000, days.Sum());
        var months = lines.Where(l => l.Split(',')[0].Length == 7 && char.IsDigit(l[0])).Select(l => long.Parse(l.Split(',')[4]));
        Assert.Equal(16_000, months.Sum());

        var page = await admin.GetDocumentAsync($"/admin/finance?From={first:yyyy-MM-dd}&To={today:yyyy-MM-dd}");
        Assert.Equal("$160.00", page.QuerySelector("[data-figure='net-revenue']")!.TextContent.Trim());
        Assert.Equal("$98.00", page.QuerySelector("[data-figure='mrr']")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_reversed_or_malformed_period_still_answers_a_page()
    {
        using var admin = await app.SuperAdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/admin/finance?From=2026-05-01&To=2026-04-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/admin/finance?From=never&To=2020-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/admin/finance?From=2000-01-01")).StatusCode);
    }

    private static string Key() => $"finance-test:{Guid.NewGuid()}";

    private Task LedgerAsync(Func<CreditService, Task<CreditResult>> call) =>
        app.WithScopeAsync(async sp =>
        {
            var result = await call(sp.GetRequiredService<CreditService>());
            Assert.True(result.Succeeded, result.ToString());
            return result;
        });

    private static Payment Payment(Guid workspace, long cents, long refunded, DateTime at) => new()
    {
        WorkspaceId = workspace, Kind = PaymentKind.PackPurchase, StripeObjectId = $"pi_{Guid.NewGuid():N}", PackageCode = "pack",
        AmountCents = cents, RefundedCents = refunded, CreatedAt = at,
    };

    private static BillingSubscription Subscription(Guid workspace, string status, DateTime created, DateTime updated) => new()
    {
        WorkspaceId = workspace, StripeSubscriptionId = $"sub_{Guid.NewGuid():N}", PackageCode = "finance-plan", Status = status,
        CreatedAt = created, UpdatedAt = updated, LastEventAt = updated,
    };
}

public sealed class FinanceReportTestsOnSqlite(AdminApp app) : FinanceReportTests<AdminApp>(app);

public sealed class FinanceReportTestsOnPostgres(PostgresAdminApp app) : FinanceReportTests<PostgresAdminApp>(app);
