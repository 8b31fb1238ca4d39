using Hangfire;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

/// <summary>The background answer to one visitor message: the same AI turn as the streaming request, with nobody listening.</summary>
public sealed class AnswerVisitorMessage(AiResponder responder)
{
    [AutomaticRetry(Attempts = 0)] // the responder keeps its own attempt count and backoff; the sweeper re-queues
    public Task<ReplyResult> RunAsync(Guid visitorMessageId, CancellationToken ct) => responder.AnswerAsync(visitorMessageId, null, ct);
}

/// <summary>
/// Finds visitor messages nobody is answering, whatever the reason: the visitor closed the tab before the
/// reply streamed, the process died mid-reply (its lease ran out), or a failed attempt's backoff is over.
/// </summary>
public sealed class SweepAwaitingReplies(StreamlineDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>A new message's own streaming request gets this long to start before the job steps in.</summary>
    public static readonly TimeSpan StreamGrace = TimeSpan.FromSeconds(20);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var unclaimedBefore = now - StreamGrace;
        var ids = await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(m => m.ReplyState == ReplyState.Awaiting
                        && ((m.ReplyLeaseUntil == null && m.CreatedAt < unclaimedBefore) || m.ReplyLeaseUntil <= now))
            .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(200).ToListAsync(ct);
        // Two jobs for one message are harmless: only one wins the lease.
        foreach (var id in ids)
            jobs.Enqueue<AnswerVisitorMessage>(j => j.RunAsync(id, CancellationToken.None));
        return ids.Count;
    }
}
