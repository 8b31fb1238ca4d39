using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Core.Jobs;
using Streamline.Core.Onboarding;

namespace Streamline.Core.Customers;

public enum CustomerStatus { Active, Suspended }

/// <summary>
/// What the customers list narrows to; every part optional. <see cref="Search"/> matches a workspace's name, its
/// members' e-mails (so a domain finds everyone at it) and its website. <see cref="Plan"/> is a package code, or
/// <see cref="NoPlan"/>. Balances are millicredits; dates are UTC days, both included.
/// </summary>
public sealed record CustomerFilter(string? Search = null, string? Plan = null, CustomerStatus? Status = null,
    DateOnly? SignedUpFrom = null, DateOnly? SignedUpTo = null, DateOnly? ActiveSince = null, long? MinBalance = null, long? MaxBalance = null)
{
    public const string NoPlan = "none";
}

/// <summary>Last active: the workspace's latest credit movement (every AI reply, purchase and grant is one).</summary>
public sealed record CustomerRow(Guid WorkspaceId, string Name, string? OwnerEmail, int Members, DateTime SignedUpAt,
    DateTime? LastActiveAt, long? BalanceMillicredits, string? Plan, bool Suspended);

public sealed record SupportMember(Guid UserId, string Email, string DisplayName, Workspaces.WorkspaceRole Role, DateTime JoinedAt,
    bool IsAdmin, bool IsSuperAdmin);

public sealed record MonthUsage(int Year, int Month, long ConsumedMillicredits);

/// <summary>One workspace as support sees it: everything but secrets (API keys by name only) and nothing to act as them.</summary>
public sealed record SupportView(
    Guid WorkspaceId, string Name, DateTime CreatedAt, bool IsHouse, WorkspaceSuspension? Suspension,
    List<SupportMember> Members, BusinessProfile? Profile, Wallet? Wallet, List<LedgerEntry> RecentLedger,
    BillingSubscription? Subscription, List<MonthUsage> Usage, int Conversations, List<(Guid Id, string Title, JobStatus Status)> Jobs,
    List<(Guid Id, DisputeStatus Status, long RequestedMillicredits, DateTime CreatedAt)> Disputes,
    List<(string Name, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)> ApiKeys,
    List<SupportChannel> Channels);

/// <summary>A messaging channel as support sees it: never its credentials, only its state and open incident.</summary>
public sealed record SupportChannel(string Name, Conversations.ConversationChannel Provider, bool IsSandbox, Channels.ChannelConnection Connection,
    Channels.Health.ChannelTrouble Trouble);

/// <summary>Reads every workspace for the agency's admins: the searchable list and the support view.</summary>
public sealed class CustomerDirectory(StreamlineDbContext db, TimeProvider clock)
{
    public const int UsageMonths = 12;

    private static readonly string[] LiveStatuses = ["active", "trialing", "past_due"];

    public async Task<(List<CustomerRow> Rows, int Total)> SearchAsync(CustomerFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var workspaces = db.Workspaces.AsQueryable();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            workspaces = workspaces.Where(w => w.Name.ToLower().Contains(term)
                || db.WorkspaceMembers.Any(m => m.WorkspaceId == w.Id && db.Users.Any(u => u.Id == m.UserId && u.Email!.ToLower().Contains(term)))
                || db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace)
                    .Any(p => p.WorkspaceId == w.Id && p.Website != null && p.Website.ToLower().Contains(term)));
        }
        if (filter.SignedUpFrom is { } from)
        {
            var start = Start(from);
            workspaces = workspaces.Where(w => w.CreatedAt >= start);
        }
        if (filter.SignedUpTo is { } to)
        {
            var end = Start(to.AddDays(1));
            workspaces = workspaces.Where(w => w.CreatedAt < end);
        }

        var rows = workspaces.Select(w => new
        {
            w.Id,
            w.Name,
            w.CreatedAt,
            Owner = db.WorkspaceMembers.Where(m => m.WorkspaceId == w.Id && m.Role == Workspaces.WorkspaceRole.Owner)
                .OrderBy(m => m.JoinedAt).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email).FirstOrDefault(),
            Members = db.WorkspaceMembers.Count(m => m.WorkspaceId == w.Id),
            LastActiveAt = db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).Where(e => e.WorkspaceId == w.Id).Max(e => (DateTime?)e.CreatedAt),
            Balance = db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace).Where(x => x.WorkspaceId == w.Id).Select(x => (long?)x.BalanceMillicredits).FirstOrDefault(),
            Plan = db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace)
                .Where(s => s.WorkspaceId == w.Id && LiveStatuses.Contains(s.Status))
                .OrderByDescending(s => s.UpdatedAt).Select(s => s.PackageCode).FirstOrDefault(),
            Suspended = db.WorkspaceSuspensions.Any(s => s.WorkspaceId == w.Id),
        });

        if (filter.Status is { } status) rows = rows.Where(r => r.Suspended == (status == CustomerStatus.Suspended));
        if (filter.Plan == CustomerFilter.NoPlan) rows = rows.Where(r => r.Plan == null);
        else if (!string.IsNullOrWhiteSpace(filter.Plan)) rows = rows.Where(r => r.Plan == filter.Plan);
        if (filter.ActiveSince is { } since)
        {
            var start = Start(since);
            rows = rows.Where(r => r.LastActiveAt >= start);
        }
        if (filter.MinBalance is { } min) rows = rows.Where(r => (r.Balance ?? 0) >= min);
        if (filter.MaxBalance is { } max) rows = rows.Where(r => (r.Balance ?? 0) <= max);

        var total = await rows.CountAsync(ct);
        var list = await rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (list.Select(r => new CustomerRow(r.Id, r.Name, r.Owner, r.Members, r.CreatedAt, r.LastActiveAt, r.Balance, r.Plan, r.Suspended)).ToList(),
            total);
    }

    /// <summary>The package codes a filter can pick from.</summary>
    public Task<List<string>> PlansAsync(CancellationToken ct = default) =>
        db.CreditPackages.OrderBy(p => p.SortOrder).Select(p => p.Code).ToListAsync(ct);

    public async Task<SupportView?> SupportViewAsync(Guid workspaceId, CancellationToken ct = default)
    {
        var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workspaceId, ct);
        if (workspace is null) return null;

        var suspension = await db.WorkspaceSuspensions.AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, ct);
        var adminRole = await RoleIdAsync(Roles.Admin, ct);
        var superRole = await RoleIdAsync(Roles.SuperAdmin, ct);
        var members = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u })
            .OrderBy(x => x.m.JoinedAt)
            .Select(x => new SupportMember(x.u.Id, x.u.Email ?? "", x.u.DisplayName, x.m.Role, x.m.JoinedAt,
                db.UserRoles.Any(r => r.UserId == x.u.Id && r.RoleId == adminRole),
                db.UserRoles.Any(r => r.UserId == x.u.Id && r.RoleId == superRole)))
            .ToListAsync(ct);

        var profile = await Owned(db.BusinessProfiles).SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, ct);
        var wallet = await Owned(db.Wallets).SingleOrDefaultAsync(w => w.WorkspaceId == workspaceId, ct);
        var ledger = await Owned(db.LedgerEntries).Where(e => e.WorkspaceId == workspaceId)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(10).ToListAsync(ct);
        var subscription = await Owned(db.BillingSubscriptions).Where(s => s.WorkspaceId == workspaceId)
            .OrderByDescending(s => s.UpdatedAt).FirstOrDefaultAsync(ct);

        // Twelve months of consumption, summed in memory: month arithmetic on dates is not portable across the providers.
        var now = clock.GetUtcNow().UtcDateTime;
        var firstMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1 - UsageMonths);
        var used = await Owned(db.LedgerEntries)
            .Where(e => e.WorkspaceId == workspaceId && e.CreatedAt >= firstMonth
                && (e.Type == LedgerEntryType.Consumption || e.Type == LedgerEntryType.ReservationHold || e.Type == LedgerEntryType.ReservationRelease))
            .Select(e => new { e.CreatedAt, e.AmountMillicredits }).ToListAsync(ct);
        var usage = Enumerable.Range(0, UsageMonths).Select(i => firstMonth.AddMonths(i))
            .Select(m => new MonthUsage(m.Year, m.Month,
                -used.Where(e => e.CreatedAt.Year == m.Year && e.CreatedAt.Month == m.Month).Sum(e => e.AmountMillicredits)))
            .Reverse().ToList();

        var conversations = await Owned(db.Conversations).CountAsync(c => c.WorkspaceId == workspaceId, ct);
        var jobs = (await Owned(db.Jobs).Where(j => j.WorkspaceId == workspaceId).OrderByDescending(j => j.CreatedAt).Take(20)
            .Select(j => new { j.Id, j.Title, j.Status }).ToListAsync(ct)).Select(j => (j.Id, j.Title, j.Status)).ToList();
        var disputes = (await Owned(db.CreditDisputes).Where(d => d.WorkspaceId == workspaceId).OrderByDescending(d => d.CreatedAt).Take(20)
            .Select(d => new { d.Id, d.Status, d.RequestedMillicredits, d.CreatedAt }).ToListAsync(ct))
            .Select(d => (d.Id, d.Status, d.RequestedMillicredits, d.CreatedAt)).ToList();
        var keys = (await Owned(db.ApiKeys).Where(k => k.WorkspaceId == workspaceId).OrderByDescending(k => k.CreatedAt)
            .Select(k => new { k.Name, k.CreatedAt, k.LastUsedAt, k.RevokedAt }).ToListAsync(ct))
            .Select(k => (k.Name, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToList();

        var channels = await (from c in Owned(db.MessagingChannels).Where(c => c.WorkspaceId == workspaceId)
                              join h in Owned(db.ChannelHealth) on c.Id equals h.ChannelId into health
                              from h in health.DefaultIfEmpty()
                              orderby c.Name
                              select new SupportChannel(c.Name, c.Channel, c.IsSandbox, c.Connection,
                                  h == null ? Channels.Health.ChannelTrouble.None : h.Trouble)).ToListAsync(ct);

        return new SupportView(workspace.Id, workspace.Name, workspace.CreatedAt, workspace.IsHouse, suspension, members, profile, wallet,
            ledger, subscription, usage, conversations, jobs, disputes, keys, channels);
    }

    private Task<Guid?> RoleIdAsync(string role, CancellationToken ct) =>
        db.Roles.Where(r => r.Name == role).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct);

    private static IQueryable<T> Owned<T>(DbSet<T> set) where T : class =>
        set.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking();

    private static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
