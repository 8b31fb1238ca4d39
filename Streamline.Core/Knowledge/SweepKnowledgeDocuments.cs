using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;

namespace Streamline.Core.Knowledge;

/// <summary>Queues documents whose job was lost (in-memory queue after a restart) and claims a dead worker left behind.</summary>
public sealed class SweepKnowledgeDocuments(StreamlineDbContext db, IBackgroundJobClient jobs, IOptions<KnowledgeOptions> options, TimeProvider clock)
{
    /// <summary>A queued document younger than this still has its own job on the way.</summary>
    private static readonly TimeSpan QueuedGrace = TimeSpan.FromMinutes(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var queuedBefore = now - QueuedGrace;
        var staleBefore = now - options.Value.ProcessingLease;
        var ids = await db.KnowledgeDocuments.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(d => (d.Status == DocumentStatus.Queued && d.UploadedAt < queuedBefore)
                        || (d.Status == DocumentStatus.Processing && d.ProcessingStartedAt < staleBefore))
            .OrderBy(d => d.UploadedAt).Select(d => d.Id).Take(200).ToListAsync(ct);
        foreach (var id in ids)
            jobs.Enqueue<ExtractKnowledgeDocument>(j => j.RunAsync(id, CancellationToken.None));
        return ids.Count;
    }
}
