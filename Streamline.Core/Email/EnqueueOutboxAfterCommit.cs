using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Streamline.Core.Data;

namespace Streamline.Core.Email;

/// <summary>Queues the send of every new outbox mail once its transaction has committed; the outbox sweeper sends what a crash left.</summary>
public sealed class EnqueueOutboxAfterCommit(IBackgroundJobClient jobs) : QueueAfterCommit
{
    protected override IEnumerable<Guid> Added(ChangeTracker changes) =>
        changes.Entries<EmailMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id);

    protected override void Queue(IReadOnlyCollection<Guid> committed)
    {
        foreach (var id in committed) jobs.Enqueue<SendEmail>(j => j.RunAsync(id, CancellationToken.None));
    }
}
