using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// Queues the send job of every conversation that got new outbound channel rows once their transaction has committed;
/// <c>channels-outbox-sweep</c> sends what a crash left.
/// </summary>
public sealed class QueueChannelSendsAfterCommit(IBackgroundJobClient jobs) : QueueAfterCommit
{
    protected override IEnumerable<Guid> Added(ChangeTracker changes) =>
        changes.Entries<ChannelMessage>().Where(e => e.State == EntityState.Added && e.Entity.Direction == ChannelDirection.Outbound)
            .Select(e => e.Entity.ConversationId);

    protected override void Queue(IReadOnlyCollection<Guid> committed)
    {
        foreach (var id in committed.Distinct().Where(id => !ChannelSendsInline.Covers(id)))
            jobs.Enqueue<SendChannelMessages>(j => j.QueueConversationAsync(id, CancellationToken.None));
    }
}
