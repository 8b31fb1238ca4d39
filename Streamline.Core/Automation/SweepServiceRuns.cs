using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;

namespace Streamline.Core.Automation;

/// <summary>
/// Queues runs whose job was lost (the in-memory queue beside SQLite after a restart) and runs a dead worker left
/// behind. A run whose hold expired meanwhile still runs, and is then closed uncharged by its failed capture.
/// </summary>
public sealed class SweepServiceRuns(StreamlineDbContext db, IBackgroundJobClient jobs, IOptions<AutomationOptions> options, TimeProvider clock)
{
    /// <summary>A queued run younger than this still has its own job on the way.</summary>
    private static readonly TimeSpan QueuedGrace = TimeSpan.FromMinutes(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var queuedBefore = now - QueuedGrace;
        var staleBefore = now - options.Value.RunLease;
        var ids = await db.ServiceRuns.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(r => !r.CancelRequested && ((r.Status == ServiceRunStatus.Queued && r.CreatedAt < queuedBefore)
                                               || (r.Status == ServiceRunStatus.Running && r.StartedAt < staleBefore)))
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(200).ToListAsync(ct);
        foreach (var id in ids)
            jobs.Enqueue<RunAutomationService>(j => j.RunAsync(id, CancellationToken.None));
        return ids.Count;
    }
}
