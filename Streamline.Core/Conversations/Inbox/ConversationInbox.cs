using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations.Inbox;

/// <summary>
/// What a workspace's people do with a conversation: take it over from the AI, reply, give it back, close it,
/// mark it read. Every change goes through <see cref="ConversationLog"/>, which decides on the conversation as
/// it is at the moment of saving: two people taking over at once cannot both win, and an AI reply in flight
/// sees the takeover before it posts.
/// <para>
/// Replying needs a takeover first (no implicit takeover): the AI is never silenced by someone merely typing,
/// and the visitor always learns that a person has joined before that person's first message. Only the holder
/// replies; anyone in the workspace may give the conversation back or close it, so a holder who went home
/// never leaves a visitor without an answer. On a messaging channel each message is saved with its outbound rows
/// (<see cref="ConversationLog"/>) and sent once committed.
/// </para>
/// </summary>
public sealed class ConversationInbox(StreamlineDbContext db, ConversationLog log, TimeProvider clock)
{
    public const string BackToAiText = "You're chatting with our AI assistant again.";
    public const string ClosedText = "This conversation has been closed.";

    public static string JoinedText(string name) => $"{name} joined the conversation.";

    private sealed record Seen(ConversationStatus Status, Guid? AssignedUserId, ConversationChannel Channel = ConversationChannel.Widget);

    /// <summary>Status Human, held by <paramref name="actor"/>, with a system message the visitor sees. Taking over twice is harmless.</summary>
    public async Task<InboxResult> TakeOverAsync(Guid conversationId, InboxActor actor, CancellationToken ct = default)
    {
        if (!await VisibleAsync(conversationId, ct)) return InboxResult.NotFound;
        Seen? seen = null;
        var joined = new ChatMessage { Sender = MessageSender.System, Text = JoinedText(actor.Name), AuthorUserId = actor.UserId };
        var taken = await log.AppendAsync(conversationId, joined,
            allowed: c =>
            {
                seen = new Seen(c.Status, c.AssignedUserId, c.Channel);
                return c.Status != ConversationStatus.Closed && !IsHeld(c.Status, c.AssignedUserId);
            },
            change: c =>
            {
                c.Status = ConversationStatus.Human;
                c.AssignedUserId = actor.UserId;
            }, ct: ct);
        if (taken || (seen!.Status == ConversationStatus.Human && seen.AssignedUserId == actor.UserId)) return InboxResult.Ok;
        return await RefusalAsync(seen, ct);
    }

    /// <summary>A message from the holder, shown to the visitor as from a person.</summary>
    public async Task<InboxResult> ReplyAsync(Guid conversationId, InboxActor actor, string? text, CancellationToken ct = default)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0) return new(InboxError.Invalid, "Write a reply first.");
        if (trimmed.Length > ConversationLimits.StoredText)
            return new(InboxError.Invalid, $"Replies can be up to {ConversationLimits.StoredText:N0} characters; this one has {trimmed.Length:N0}.");
        if (!await VisibleAsync(conversationId, ct)) return InboxResult.NotFound;

        Seen? seen = null;
        var reply = new ChatMessage { Sender = MessageSender.Human, Text = trimmed, AuthorUserId = actor.UserId };
        var posted = await log.AppendAsync(conversationId, reply, allowed: c =>
        {
            seen = new Seen(c.Status, c.AssignedUserId, c.Channel);
            return c.Status == ConversationStatus.Human && c.AssignedUserId == actor.UserId;
        }, ct: ct);
        if (posted) return InboxResult.Ok;
        if (seen!.Status == ConversationStatus.Closed || IsHeld(seen.Status, seen.AssignedUserId)) return await RefusalAsync(seen, ct);
        return new(InboxError.NotHeld, "Take over the conversation first, so that the AI stops answering while you write.");
    }

    /// <summary>Back to the AI (also a handoff nobody picked up): status Active, nobody holding it, and the visitor is told.</summary>
    public async Task<InboxResult> GiveBackAsync(Guid conversationId, InboxActor actor, CancellationToken ct = default)
    {
        if (!await VisibleAsync(conversationId, ct)) return InboxResult.NotFound;
        Seen? seen = null;
        var back = new ChatMessage { Sender = MessageSender.System, Text = BackToAiText, AuthorUserId = actor.UserId };
        var given = await log.AppendAsync(conversationId, back,
            allowed: c =>
            {
                seen = new Seen(c.Status, c.AssignedUserId, c.Channel);
                return c.Status is ConversationStatus.Human or ConversationStatus.AwaitingHuman;
            },
            change: c =>
            {
                c.Status = ConversationStatus.Active;
                c.AssignedUserId = null;
            }, ct: ct);
        // Already with the AI: nothing to do, and nothing to tell the visitor twice.
        return given || seen!.Status != ConversationStatus.Closed ? InboxResult.Ok : await RefusalAsync(seen, ct);
    }

    /// <summary>Closed for good: the visitor is told and cannot write to it again (the widget starts a new one).</summary>
    public async Task<InboxResult> CloseAsync(Guid conversationId, InboxActor actor, CancellationToken ct = default)
    {
        if (!await VisibleAsync(conversationId, ct)) return InboxResult.NotFound;
        var closing = new ChatMessage { Sender = MessageSender.System, Text = ClosedText, AuthorUserId = actor.UserId };
        await log.AppendAsync(conversationId, closing,
            allowed: c => c.Status != ConversationStatus.Closed,
            change: c =>
            {
                c.Status = ConversationStatus.Closed;
                c.AssignedUserId = null;
            }, ct: ct);
        return InboxResult.Ok;
    }

    /// <summary>Someone in the workspace has seen the latest visitor message. Saves only when it was unread.</summary>
    public async Task<InboxResult> MarkReadAsync(Guid conversationId, CancellationToken ct = default)
    {
        if (!await VisibleAsync(conversationId, ct)) return InboxResult.NotFound;
        await log.ChangeAsync(conversationId, c => c.IsUnread, c => c.ReadAt = clock.GetUtcNow().UtcDateTime, ct);
        return InboxResult.Ok;
    }

    private static bool IsHeld(ConversationStatus status, Guid? assignedUserId) =>
        status == ConversationStatus.Human && assignedUserId is not null;

    /// <summary>The log reads through no filter: the workspace's query filter decides here whether the caller may act.</summary>
    private Task<bool> VisibleAsync(Guid conversationId, CancellationToken ct) =>
        db.Conversations.AnyAsync(c => c.Id == conversationId, ct);

    private async Task<InboxResult> RefusalAsync(Seen seen, CancellationToken ct)
    {
        if (seen.Status == ConversationStatus.Closed) return new(InboxError.Closed, "This conversation is closed.");
        var holder = await db.Users.Where(u => u.Id == seen.AssignedUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        var name = string.IsNullOrWhiteSpace(holder) ? "Someone else" : holder;
        return new(InboxError.HeldByOther, $"{name} has taken over this conversation. Give it back to the AI first if you want to take it over yourself.");
    }
}
