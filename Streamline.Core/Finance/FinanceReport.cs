using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Core.Finance;

public sealed record MonthRevenue(int Year, int Month, long GrossCents, long RefundedCents)
{
    public long NetCents => GrossCents - RefundedCents;
}

/// <summary>Live subscriptions of one plan and what they bring in a month at the plan's price.</summary>
public sealed record PlanSubscriptions(string Plan, int Active, long MonthlyCents);

/// <summary>
/// The agency's money for a period of UTC days (both included). Revenue is payments less what was refunded of them,
/// counted on the payment's day, exactly as the credits report counts it. Subscriptions are "live" while Stripe calls
/// them active, trialing or past due; churned ones are those that ended (canceled, unpaid, incomplete_expired) with
/// their last change in the period. MRR is every live subscription at its plan's monthly price.
/// </summary>
public sealed record FinanceSummary(
    DateOnly First, DateOnly Last, List<DayRevenue> Days, List<MonthRevenue> Months,
    long MrrCents, List<PlanSubscriptions> Plans, int NewSubscriptions, int ChurnedSubscriptions, int LiveAtStart,
    int PayingWorkspaces, OutstandingCredits Outstanding, CreditTotals Credits)
{
    public long NetRevenueCents => Days.Sum(d => d.NetCents);

    /// <summary>Churned in the period over live at its start; none when nothing was live.</summary>
    public decimal? ChurnRate => LiveAtStart == 0 ? null : Math.Round((decimal)ChurnedSubscriptions / LiveAtStart, 4);

    /// <summary>Net revenue over the workspaces that paid in the period; none when nobody did.</summary>
    public long? AverageRevenuePerWorkspaceCents => PayingWorkspaces == 0 ? null : NetRevenueCents / PayingWorkspaces;

    /// <summary>Promotion bonus credits granted in the period, valued at list price: what the promotions gave away.</summary>
    public long PromotionCostCents => CreditAmount.ListPriceCents(Credits.Of(LedgerEntryType.PromotionBonus).Millicredits);
}

public sealed class FinanceReport(StreamlineDbContext db, CreditReports credits)
{
    private static readonly string[] Live = ["active", "trialing", "past_due"];
    private static readonly string[] Ended = ["canceled", "unpaid", "incomplete_expired"];

    public async Task<FinanceSummary> SummaryAsync(DateOnly first, DateOnly last, CancellationToken ct = default)
    {
        var start = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var days = await credits.RevenueByDayAsync(first, last, ct);
        var months = days.GroupBy(d => (d.Day.Year, d.Day.Month))
            .Select(g => new MonthRevenue(g.Key.Year, g.Key.Month, g.Sum(d => d.GrossCents), g.Sum(d => d.RefundedCents))).ToList();

        var subscriptions = db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace);
        var live = await subscriptions.Where(s => Live.Contains(s.Status))
            .GroupBy(s => s.PackageCode).Select(g => new { Plan = g.Key, Count = g.Count() }).ToListAsync(ct);
        var prices = await db.CreditPackages.Where(p => p.Kind == CreditPackageKind.Subscription)
            .ToDictionaryAsync(p => p.Code, p => p.PriceCents, ct);
        var plans = live.OrderBy(p => p.Plan, StringComparer.Ordinal)
            .Select(p => new PlanSubscriptions(p.Plan, p.Count, p.Count * prices.GetValueOrDefault(p.Plan))).ToList();

        var created = await subscriptions.CountAsync(s => s.CreatedAt >= start && s.CreatedAt < end, ct);
        var churned = await subscriptions.CountAsync(s => Ended.Contains(s.Status) && s.UpdatedAt >= start && s.UpdatedAt < end, ct);
        // Live at the start: created before it and not ended before it.
        var liveAtStart = await subscriptions.CountAsync(s => s.CreatedAt < start
            && (Live.Contains(s.Status) || (Ended.Contains(s.Status) && s.UpdatedAt >= start)), ct);

        var paying = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(p => p.CreatedAt >= start && p.CreatedAt < end && p.Currency == CreditReports.RevenueCurrency)
            .Select(p => p.WorkspaceId).Distinct().CountAsync(ct);

        return new FinanceSummary(first, last, days, months, plans.Sum(p => p.MonthlyCents), plans, created, churned, liveAtStart, paying,
            await credits.OutstandingAsync(ct), await credits.TotalsAsync(start, end, null, ct));
    }
}
