using Hangfire;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

/// <summary>
/// The AI's answer to one stored visitor message, with nobody listening: what a messaging channel's webhook queues after
/// storing the message, the retry after a failed attempt, and the sweeper's catch-up. The same turn as the widget's.
/// </summary>
public sealed class ChatTurnJob(ChatTurn turn)
{
    [AutomaticRetry(Attempts = 0)] // the responder keeps its own attempt count and backoff; the sweeper re-queues
    public Task<ReplyResult> RunAsync(Guid conversationId, Guid visitorMessageId, CancellationToken ct) =>
        turn.AnswerAsync(conversationId, visitorMessageId, null, ct);
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
        var due = await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(m => m.ReplyState == ReplyState.Awaiting
                        && ((m.ReplyLeaseUntil == null && m.CreatedAt < unclaimedBefore) || m.ReplyLeaseUntil <= now))
            .OrderBy(m => m.CreatedAt).Select(m => new { m.ConversationId, m.Id }).Take(200).ToListAsync(ct);
        // Two jobs for one message are harmless: only one wins the lease.
        foreach (var message in due)
            jobs.Enqueue<ChatTurnJob>(j => j.RunAsync(message.ConversationId, message.Id, CancellationToken.None));
        return due.Count;
    }
}
