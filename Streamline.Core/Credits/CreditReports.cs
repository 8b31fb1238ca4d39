using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;

namespace Streamline.Core.Credits;

public sealed record OutstandingCredits(long Millicredits, int Wallets, int PausedWallets)
{
    /// <summary>What the platform owes in credits at list price: the credits are prepaid and not yet used.</summary>
    public long LiabilityCents => CreditAmount.ListPriceCents(Millicredits);
}

public sealed record TypeTotal(long Millicredits, int Entries);

/// <summary>Signed ledger sums per entry type, and the groups the back office reports (as positive figures).</summary>
public sealed record CreditTotals(IReadOnlyDictionary<LedgerEntryType, TypeTotal> ByType)
{
    public long Purchased => Sum(LedgerEntryType.Purchase);
    public long Granted => Sum(LedgerEntryType.SubscriptionGrant, LedgerEntryType.PromotionBonus, LedgerEntryType.AdminGrant);

    /// <summary>Spends plus credits still held: a hold takes them, its release gives back what was not captured.</summary>
    public long Consumed => -Sum(LedgerEntryType.Consumption, LedgerEntryType.ReservationHold, LedgerEntryType.ReservationRelease);

    public long Refunded => Sum(LedgerEntryType.Refund, LedgerEntryType.DisputeCredit);
    public long RemovedByAdmins => -Sum(LedgerEntryType.AdminRemoval);
    public long ClawedBack => -Sum(LedgerEntryType.Clawback);

    public TypeTotal Of(LedgerEntryType type) => ByType.GetValueOrDefault(type) ?? new TypeTotal(0, 0);

    private long Sum(params LedgerEntryType[] types) => types.Sum(t => Of(t).Millicredits);
}

public sealed record DayRevenue(DateOnly Day, long GrossCents, long RefundedCents, int Payments)
{
    public long NetCents => GrossCents - RefundedCents;
}

public sealed record WorkspaceCreditsRow(Guid WorkspaceId, string Name, long? BalanceMillicredits, WalletStatus? Status, DateTime? LastActivityAt);

/// <summary>
/// Figures for the back office across every workspace. Every sum runs in the database (GROUP BY /
/// SUM), so the cost does not grow with the number of ledger rows read into memory.
/// </summary>
public sealed class CreditReports(StreamlineDbContext db)
{
    // Payments are taken in the packages' currency; a second currency would need its own column.
    public const string RevenueCurrency = "usd";

    private IQueryable<Wallet> Wallets => db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<LedgerEntry> Ledger => db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace);

    public async Task<OutstandingCredits> OutstandingAsync(CancellationToken ct = default) => new(
        await Wallets.SumAsync(w => w.BalanceMillicredits, ct),
        await Wallets.CountAsync(ct),
        await Wallets.CountAsync(w => w.Status == WalletStatus.Paused, ct));

    /// <summary>Sums per type of entries created in [<paramref name="from"/>, <paramref name="until"/>); all time when null; one workspace or all.</summary>
    public async Task<CreditTotals> TotalsAsync(DateTime? from, DateTime? until, Guid? workspaceId, CancellationToken ct = default)
    {
        var entries = Ledger;
        if (from is { } start) entries = entries.Where(e => e.CreatedAt >= start);
        if (until is { } end) entries = entries.Where(e => e.CreatedAt < end);
        if (workspaceId is { } id) entries = entries.Where(e => e.WorkspaceId == id);
        var rows = await entries.GroupBy(e => e.Type)
            .Select(g => new { Type = g.Key, Sum = g.Sum(e => e.AmountMillicredits), Count = g.Count() })
            .ToListAsync(ct);
        return new(rows.ToDictionary(r => r.Type, r => new TypeTotal(r.Sum, r.Count)));
    }

    /// <summary>Money received per UTC day from <paramref name="first"/> to <paramref name="last"/>, every day listed, quiet days as zero.</summary>
    public async Task<List<DayRevenue>> RevenueByDayAsync(DateOnly first, DateOnly last, CancellationToken ct = default)
    {
        var start = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(p => p.CreatedAt >= start && p.CreatedAt < end && p.Currency == RevenueCurrency)
            .GroupBy(p => p.CreatedAt.Date)
            .Select(g => new { Day = g.Key, Gross = g.Sum(p => p.AmountCents), Refunded = g.Sum(p => p.RefundedCents), Count = g.Count() })
            .ToListAsync(ct);
        var byDay = rows.ToDictionary(r => DateOnly.FromDateTime(r.Day));
        var days = new List<DayRevenue>();
        for (var day = first; day <= last; day = day.AddDays(1))
            days.Add(byDay.TryGetValue(day, out var r) ? new(day, r.Gross, r.Refunded, r.Count) : new(day, 0, 0, 0));
        return days;
    }

    /// <summary>
    /// Payments made in [<paramref name="from"/>, <paramref name="until"/>) less what has been refunded of them, in cents: the
    /// same net as <see cref="RevenueByDayAsync"/> (a refund counts against the day of the payment it returns), in one sum.
    /// </summary>
    public Task<long> NetRevenueCentsAsync(DateTime from, DateTime until, CancellationToken ct = default) =>
        db.Payments.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(p => p.CreatedAt >= from && p.CreatedAt < until && p.Currency == RevenueCurrency)
            .SumAsync(p => p.AmountCents - p.RefundedCents, ct);

    /// <summary>Workspaces whose name contains <paramref name="search"/>, most recently active first.</summary>
    public async Task<(List<WorkspaceCreditsRow> Rows, int Total)> WorkspacesAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        var workspaces = db.Workspaces.AsQueryable();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            workspaces = workspaces.Where(w => w.Name.ToLower().Contains(term));
        }
        var total = await workspaces.CountAsync(ct);
        var rows = await workspaces
            .Select(w => new
            {
                w.Id,
                w.Name,
                Wallet = Wallets.Where(x => x.WorkspaceId == w.Id).Select(x => new { x.BalanceMillicredits, x.Status }).FirstOrDefault(),
                LastActivityAt = Ledger.Where(e => e.WorkspaceId == w.Id).Max(e => (DateTime?)e.CreatedAt),
            })
            // NULLs sort differently per provider; put never-active workspaces last explicitly.
            .OrderBy(x => x.LastActivityAt == null).ThenByDescending(x => x.LastActivityAt).ThenBy(x => x.Name).ThenBy(x => x.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(ct);
        return (rows.Select(x => new WorkspaceCreditsRow(x.Id, x.Name, x.Wallet?.BalanceMillicredits, x.Wallet?.Status, x.LastActivityAt)).ToList(), total);
    }
}
