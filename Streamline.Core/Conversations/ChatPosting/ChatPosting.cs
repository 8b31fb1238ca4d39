using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Conversations.ChatPosting;

/// <summary>
/// A visitor's message to store: <paramref name="Message"/> carries its text, files and time; its number and reply state
/// are decided on the conversation's row. With <paramref name="ClaimReply"/> it is stored leased until
/// <paramref name="LeaseUntil"/> to a reply that starts at once, which <paramref name="HoldAhead"/> may pay for.
/// </summary>
public sealed record VisitorPost(Guid ConversationId, Conversation? AsRead, ChatMessage Message, bool ClaimReply, DateTime LeaseUntil, HoldAhead? HoldAhead)
{
    /// <summary>
    /// How the message waits for its answer: it awaits the AI unless a person is asked for or has the conversation
    /// (<paramref name="aiLocked"/>, <see cref="Conversation.AiLocked"/>), leased to the reply that starts at once when claimed.
    /// </summary>
    public (ReplyState State, int Attempts, DateTime? LeaseUntil) ReplyOnArrival(bool aiLocked) =>
        aiLocked ? (ReplyState.None, 0, null) : ClaimReply ? (ReplyState.Awaiting, 1, LeaseUntil) : (ReplyState.Awaiting, 0, null);
}

/// <summary>Whether it was stored (not when the conversation is closed or gone), and what its turn starts from when read with it.</summary>
public sealed record VisitorPosted(bool Stored, TurnStart? Turn = null);

/// <summary>
/// An AI turn's answer to post: its messages (the reply, and a notice when it hands off) and what it changes on the conversation;
/// on a messaging channel, the <see cref="Outbound"/> rows that carry them (<see cref="Channels.ChannelOutbound"/>), written with them.
/// </summary>
public sealed record ReplyPost(
    Guid ConversationId, Guid AnsweringId, IReadOnlyList<ChatMessage> Messages, long Cost, LeadAssessment Lead, Guid? RecommendedCampaignId,
    HandoffReason? Handoff, DateTime Now, IReadOnlyList<Channels.ChannelMessage>? Outbound = null);

public enum ReplyPostOutcome
{
    Posted,

    /// <summary>A person has the conversation (or it is gone): nothing was written.</summary>
    Refused,

    /// <summary>Another worker answered the message first: nothing was written.</summary>
    AlreadyAnswered,
}

/// <summary>
/// <see cref="Saved"/> is the conversation as posted to; <see cref="BecameQualified"/> says this post made the lead qualified,
/// <see cref="Charged"/> that the turn's credits were captured with it.
/// </summary>
public sealed record ReplyPosted(ReplyPostOutcome Outcome, Conversation? Saved = null, bool BecameQualified = false, bool Charged = false);

/// <summary>
/// Writing a chat turn's rows: the visitor's message, and the AI's answer with what it changes on the conversation. The
/// portable implementation (<see cref="PortableChatPosting"/>, EF Core) serves every database; on PostgreSQL
/// <see cref="PostgresChatPosting"/> writes each in one round trip, chosen once at startup (<c>Database:PostgresChatBatches</c>).
/// The rules come from C# on both: the AI is silent while <see cref="Conversation.AiLocked"/>, a lead qualifies once
/// (<see cref="LeadAssessment.Qualifies"/>), a visitor's message reopens a converted lead (<see cref="Conversation.AfterVisitorMessage"/>).
/// </summary>
public interface IChatPosting
{
    Task<VisitorPosted> PostVisitorAsync(VisitorPost post, CancellationToken ct);

    /// <summary>
    /// Posts <paramref name="post"/>'s messages unless the AI is locked, marks the visitor's message (<paramref name="answering"/>,
    /// when the caller has it) answered, applies <paramref name="change"/> to the conversation read as <paramref name="asRead"/>,
    /// and sets it qualified the first time the lead qualifies. <paramref name="charge"/> is captured with it where the database
    /// allows; otherwise the caller settles it.
    /// </summary>
    Task<ReplyPosted> PostReplyAsync(ReplyPost post, Conversation asRead, ChatMessage? answering, Action<Conversation> change, HoldCapture? charge,
        CancellationToken ct);
}

/// <summary>The EF Core posting, the same on every database: <see cref="ConversationLog.AppendAsync(Guid, ChatMessage, Func{Conversation, bool}?, Action{Conversation}?, CancellationToken, Conversation?)"/> against the conversation's version.</summary>
internal sealed class PortableChatPosting(StreamlineDbContext db, ConversationLog log) : IChatPosting
{
    public async Task<VisitorPosted> PostVisitorAsync(VisitorPost post, CancellationToken ct)
    {
        var message = post.Message;
        var stored = await log.AppendAsync(post.ConversationId, message,
            allowed: c => Conversation.TakesVisitorMessages(c.Status),
            change: c =>
            {
                (message.ReplyState, message.ReplyAttempts, message.ReplyLeaseUntil) = post.ReplyOnArrival(c.AiLocked);
                c.Status = Conversation.AfterVisitorMessage(c.Status);
            }, ct: ct, asRead: post.AsRead);
        return new VisitorPosted(stored);
    }

    public async Task<ReplyPosted> PostReplyAsync(ReplyPost post, Conversation asRead, ChatMessage? answering, Action<Conversation> change,
        HoldCapture? charge, CancellationToken ct)
    {
        Conversation? saved = null;
        var qualifies = false;
        bool ok;
        try
        {
            answering ??= await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(m => m.Id == post.AnsweringId, ct);
            ok = await log.AppendAsync(post.ConversationId, post.Messages, allowed: c => !c.AiLocked, change: c =>
            {
                saved = c;
                change(c);
                var was = c.QualifiedAt;
                c.QualifiedAt = Conversation.QualifiedSince(was, post.Lead, post.Now);
                qualifies = was is null && c.QualifiedAt is not null;
            }, ct: ct, answering: answering, asRead: asRead);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The unique ReplyToId: another worker posted the answer first.
            db.ChangeTracker.Clear();
            return new ReplyPosted(ReplyPostOutcome.AlreadyAnswered);
        }
        if (ok) return new ReplyPosted(ReplyPostOutcome.Posted, saved, qualifies);
        db.ChangeTracker.Clear();
        return new ReplyPosted(ReplyPostOutcome.Refused);
    }
}

/// <summary>
/// The PostgreSQL posting: a visitor's message without files, with what its turn starts from and the hold ahead, in one
/// batch (<see cref="PostgresVisitorPost"/>); the answer with its charge in another (<see cref="PostgresReplyPost"/>). A
/// message with files, or a write inside a caller's transaction (which a batch's own would not join), takes the portable path.
/// </summary>
internal sealed class PostgresChatPosting(StreamlineDbContext db, PortableChatPosting portable, TermAnalyzer terms, Credits.CreditService credits,
    Channels.ChannelOutbound outbound) : IChatPosting
{
    public async Task<VisitorPosted> PostVisitorAsync(VisitorPost post, CancellationToken ct)
    {
        if (post.Message.Attachments.Count > 0 || db.Database.CurrentTransaction is not null) return await portable.PostVisitorAsync(post, ct);
        if (!post.ClaimReply)
            return new VisitorPosted(await PostgresVisitorPost.TryAsync(db, post, ct));
        // The reply starts the moment this returns: what it starts from comes back in the same round trip.
        var (stored, turn, heldFrom) = await PostgresVisitorPost.TryWithTurnAsync(db, post, KnowledgeSearch.Terms(terms, post.Message.Text), ct);
        // The hold ahead travelled in that batch, past the credit service, which still judges the wallet it left.
        if (post.HoldAhead is not null) credits.ForgetBalance(post.HoldAhead.WorkspaceId);
        if (heldFrom is not null) await credits.AfterOneStatementHoldAsync(post.HoldAhead!.WorkspaceId, heldFrom, ct);
        return new VisitorPosted(stored, turn);
    }

    public async Task<ReplyPosted> PostReplyAsync(ReplyPost post, Conversation asRead, ChatMessage? answering, Action<Conversation> change,
        HoldCapture? charge, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await portable.PostReplyAsync(post, asRead, answering, change, charge, ct);
        if (Channels.ChannelOutbound.IsMessaging(asRead.Channel) && await outbound.RouteAsync(post.ConversationId, asRead.Channel, ct) is { } route)
            post = post with { Outbound = [.. post.Messages.Where(Channels.ChannelOutbound.GoesOut).SelectMany(m => outbound.RowsFor(route, m))] };
        var result = await PostgresReplyPost.TryAsync(db, post, charge, ct);
        if (result.Outcome != ReplyPostOutcome.Posted) return new ReplyPosted(result.Outcome);
        // The batch went past EF, and so past the interceptor that queues the send after a commit.
        if (post.Outbound is { Count: > 0 }) outbound.SendLater(post.ConversationId);
        if (result.ChargedFrom is { } wallet) await credits.AfterOneStatementWriteAsync(null, wallet, ct);
        // The turn's copy, changed as the batch changed the row.
        change(asRead);
        (asRead.MessageCount, asRead.Version, asRead.LastMessageAt) = (result.MessageCount, result.Version, post.Now);
        asRead.QualifiedAt = Conversation.QualifiedSince(result.WasQualifiedAt, post.Lead, post.Now);
        var becameQualified = result.WasQualifiedAt is null && asRead.QualifiedAt is not null;
        return new ReplyPosted(ReplyPostOutcome.Posted, asRead, becameQualified, result.ChargedFrom is not null);
    }
}
