using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

/// <summary>
/// Appends messages to a conversation. Each append numbers the message from the conversation's count and
/// saves against the conversation's <see cref="Conversation.Version"/>, so concurrent appends never share a
/// number and a status change made meanwhile (a human taking over) is seen before an AI message is posted.
/// On a messaging channel the same save writes the outbound rows of what goes out (<see cref="ChannelOutbound"/>).
/// </summary>
public sealed class ConversationLog(StreamlineDbContext db, ChannelOutbound outbound, TimeProvider clock)
{
    private const int Attempts = 8;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Adds <paramref name="message"/> (with <paramref name="change"/> applied to the conversation in the same
    /// save, with anything else the caller has tracked) unless <paramref name="allowed"/> says no for the conversation as it is at that moment. Returns
    /// false, with nothing written, when it is refused.
    /// </summary>
    public Task<bool> AppendAsync(Guid conversationId, ChatMessage message, Func<Conversation, bool>? allowed = null,
        Action<Conversation>? change = null, CancellationToken ct = default, Conversation? asRead = null) =>
        AppendAsync(conversationId, [message], allowed, change, ct, asRead: asRead);

    /// <summary>
    /// Several messages in one save, numbered in order (a reply and the notice that goes with it). When
    /// <paramref name="answering"/> is a visitor message (untracked, as read), it is marked answered in the same save. When the caller
    /// has just read the conversation (untracked), <paramref name="asRead"/> saves the first attempt against that copy's
    /// version instead of reading it again: if it has changed since, the save fails its version check and the next
    /// attempt reads it afresh, exactly as after any conflict.
    /// </summary>
    public async Task<bool> AppendAsync(Guid conversationId, IReadOnlyList<ChatMessage> messages, Func<Conversation, bool>? allowed = null,
        Action<Conversation>? change = null, CancellationToken ct = default, ChatMessage? answering = null, Conversation? asRead = null)
    {
        ChannelRoute? route = null;
        for (var attempt = 1; ; attempt++)
        {
            Conversation conversation;
            // Only a copy without its contact: attaching one with it would have EF take the contact for a new row.
            if (attempt == 1 && asRead is { Contact: null } known && known.Id == conversationId)
            {
                conversation = known;
                db.Entry(conversation).State = EntityState.Unchanged;
            }
            else
                conversation = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(c => c.Id == conversationId, ct);
            if (allowed is not null && !allowed(conversation))
            {
                db.Entry(conversation).State = EntityState.Detached;
                outbound.Untrack(messages);
                return false;
            }
            if (answering is not null) MarkAnswered(answering);
            var now = Now;
            foreach (var message in messages)
            {
                message.ConversationId = conversation.Id;
                message.WorkspaceId = conversation.WorkspaceId;
                message.Sequence = ++conversation.MessageCount;
                message.CreatedAt = now;
                if (message.Sender == MessageSender.Visitor) conversation.LastVisitorMessageAt = now;
                db.ChatMessages.Add(message);
            }
            conversation.LastMessageAt = now;
            change?.Invoke(conversation);
            conversation.Version++;
            if (ChannelOutbound.IsMessaging(conversation.Channel) && messages.Any(ChannelOutbound.GoesOut))
            {
                route ??= await outbound.RouteAsync(conversation.Id, conversation.Channel, ct);
                if (route is not null) outbound.Track(route, messages);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            // On PostgreSQL a deadlock between two appends reaches here wrapped by the execution strategy ("likely due to a
            // transient failure"): the same conflict, so the same retry, rather than a 500.
            catch (Exception e) when (attempt < Attempts && e is DbUpdateException or InvalidOperationException { InnerException: DbUpdateException })
            {
                if (!await ChangedSinceAsync(conversation, ct)) throw;
                // Someone else appended or changed the conversation first: read it again and re-decide. (The
                // insert can fail on the taken sequence number before the version check is reached, so any
                // save failure counts as a conflict when the version moved; otherwise it is the caller's.)
                // A message's attachments are tracked entries of their own: left behind, the next attempt's Add of
                // the same message would collide with them. Detaching one takes it out of its message, so they are put back.
                foreach (var message in messages)
                {
                    List<MessageAttachment> attachments = [.. message.Attachments];
                    foreach (var attachment in attachments) db.Entry(attachment).State = EntityState.Detached;
                    db.Entry(message).State = EntityState.Detached;
                    message.Attachments = attachments;
                }
                db.Entry(conversation).State = EntityState.Detached;
                if (answering is not null) db.Entry(answering).State = EntityState.Detached;
            }
        }
    }

    /// <summary>Changes the conversation (status, assignment) as one versioned save; false when <paramref name="allowed"/> refuses.</summary>
    public async Task<bool> ChangeAsync(Guid conversationId, Func<Conversation, bool> allowed, Action<Conversation> change,
        CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var conversation = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(c => c.Id == conversationId, ct);
            if (!allowed(conversation))
            {
                db.Entry(conversation).State = EntityState.Detached;
                return false;
            }
            change(conversation);
            conversation.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.Entry(conversation).State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// Marks the message answered in the coming save, from the copy the caller read. Only these two columns are marked
    /// changed; EF also writes the files' JSON column of an attached message, which is why it must be the copy as read
    /// (a message's files never change once it is stored), never a stub.
    /// </summary>
    private void MarkAnswered(ChatMessage asRead)
    {
        var entry = db.ChatMessages.Attach(asRead);
        asRead.ReplyState = ReplyState.Answered;
        asRead.ReplyLeaseUntil = null;
        // Explicitly: on a retried attempt the copy already holds these values, which EF would take for no change.
        entry.Property(m => m.ReplyState).IsModified = true;
        entry.Property(m => m.ReplyLeaseUntil).IsModified = true;
    }

    private async Task<bool> ChangedSinceAsync(Conversation read, CancellationToken ct)
    {
        var loaded = db.Entry(read).Property(c => c.Version).OriginalValue;
        var now = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.Id == read.Id).Select(c => c.Version).SingleAsync(ct);
        return now != loaded;
    }

    public Task<List<ChatMessage>> HistoryAsync(Guid conversationId, int afterSequence = 0, CancellationToken ct = default) =>
        db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Sequence > afterSequence)
            .OrderBy(m => m.Sequence)
            .ToListAsync(ct);
}
