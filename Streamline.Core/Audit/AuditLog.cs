using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Exports;

namespace Streamline.Core.Audit;

/// <summary>What the log page narrows to; every part optional. Dates are UTC days, both included.</summary>
public sealed record AuditFilter(string? Actor = null, AuditAction? Action = null, string? Workspace = null,
    DateOnly? From = null, DateOnly? To = null);

public sealed record AuditRow(Guid Id, DateTime CreatedAt, AuditAction Action, string Actor, Guid? WorkspaceId,
    string? WorkspaceName, string? Subject, string Summary);

/// <summary>Reads the audit log for admins: filtered, paged newest first, or as CSV.</summary>
public sealed class AuditLog(StreamlineDbContext db)
{
    public async Task<(List<AuditRow> Rows, int Total)> PageAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var rows = await Rows(query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>Every matching entry, oldest first, as RFC 4180 CSV with the formula guard on every text cell.</summary>
    public async Task WriteCsvAsync(AuditFilter filter, TextWriter output, CancellationToken ct = default)
    {
        await output.WriteAsync(Csv.Line("time_utc", "action", "actor", "workspace_id", "workspace", "subject", "summary"));
        var rows = Rows(Filtered(filter).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)).AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
        {
            await output.WriteAsync(Csv.Line(r.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), r.Action.ToString(), Csv.Text(r.Actor),
                r.WorkspaceId?.ToString() ?? "", Csv.Text(r.WorkspaceName), Csv.Text(r.Subject), Csv.Text(r.Summary)));
        }
    }

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim().ToLower();
            query = query.Where(e => e.Actor.ToLower().Contains(actor));
        }
        if (filter.Action is { } action) query = query.Where(e => e.Action == action);
        if (!string.IsNullOrWhiteSpace(filter.Workspace))
        {
            var name = filter.Workspace.Trim().ToLower();
            var ids = db.Workspaces.Where(w => w.Name.ToLower().Contains(name)).Select(w => (Guid?)w.Id);
            query = query.Where(e => ids.Contains(e.WorkspaceId));
        }
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.CreatedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.CreatedAt < end);
        }
        return query;
    }

    private IQueryable<AuditRow> Rows(IQueryable<AuditEntry> entries) =>
        from e in entries
        join w in db.Workspaces on e.WorkspaceId equals (Guid?)w.Id into named
        from w in named.DefaultIfEmpty()
        select new AuditRow(e.Id, e.CreatedAt, e.Action, e.Actor, e.WorkspaceId, w == null ? null : w.Name, e.Subject, e.Summary);
}
