using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Streamline.Core.Conversations.ChatPosting;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Formatting;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Conversations;

public enum PostOutcome { Posted, Empty, TooLong, Unreadable, BadFile, Closed }

/// <summary>
/// What posting a visitor message did; <see cref="Message"/> is set when it was stored, and <paramref name="Turn"/> when what
/// its AI turn starts from was read in the same round trip.
/// </summary>
public sealed record PostResult(PostOutcome Outcome, ChatMessage? Message, string? Error, TurnStart? Turn = null)
{
    /// <summary>True when the AI should answer it (false while a human has the conversation).</summary>
    public bool AwaitsAi => Message?.ReplyState == ReplyState.Awaiting;
}

/// <summary>
/// Starting conversations and taking in what visitors write. A visitor's message is stored, and marked as
/// awaiting an answer, before anything asks the AI: whatever happens to the reply afterwards, the message is
/// kept and the background sweeper sees it.
/// </summary>
public sealed class ConversationService(StreamlineDbContext db, IChatPosting posting, IMemoryCache memory, SalesSetupCache setups, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A new widget conversation; the returned token is the visitor's only key to it.</summary>
    public async Task<(Conversation Conversation, string Token)> StartWidgetAsync(Guid workspaceId, CancellationToken ct = default)
    {
        var token = VisitorToken.New();
        var hash = VisitorToken.Hash(token);
        var conversation = await StartAsync(workspaceId, ConversationChannel.Widget, c => c.VisitorTokenHash = hash, ct);
        // The visitor's first message follows at once, and usually to this instance: it finds the conversation without a query.
        RememberToken(workspaceId, hash, conversation.Id);
        return (conversation, token);
    }

    /// <summary>
    /// A new conversation on a messaging channel (<see cref="ConversationChannel.WhatsApp"/>, <see cref="ConversationChannel.Telegram"/>, …),
    /// with the first campaign that targets it. The channel keeps its own key to it (the app's chat id). A customer the
    /// channel already knows continues as <paramref name="contactId"/>; otherwise a new contact starts with the conversation.
    /// </summary>
    public Task<Conversation> StartOnChannelAsync(Guid workspaceId, ConversationChannel channel, CancellationToken ct = default, Guid? contactId = null) =>
        StartAsync(workspaceId, channel, _ => { }, ct, contactId);

    /// <summary>
    /// The signed-in customer's conversation with the house, started on first use and again after the house closed
    /// the last one: a closed conversation takes no more messages, so writing again starts afresh.
    /// </summary>
    public async Task<Conversation> PortalConversationAsync(Guid houseWorkspaceId, Guid userId, Guid? customerWorkspaceId,
        CancellationToken ct = default)
    {
        if (await OpenPortalConversationAsync(houseWorkspaceId, userId, ct) is { } open) return open;
        try
        {
            return await StartAsync(houseWorkspaceId, ConversationChannel.Portal, c =>
            {
                c.UserId = userId;
                c.CustomerWorkspaceId = customerWorkspaceId;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another first message of the same customer started one a moment ago (one open portal conversation per
            // customer is a unique index): that one is theirs.
            var theirs = await OpenPortalConversationAsync(houseWorkspaceId, userId, ct);
            if (theirs is null) throw;
            return theirs;
        }
    }

    /// <summary>The portal conversation a customer's next message continues, if there is one; starts nothing.</summary>
    public Task<Conversation?> OpenPortalConversationAsync(Guid houseWorkspaceId, Guid userId, CancellationToken ct = default) =>
        Conversations.AsNoTracking()
            .Where(c => c.WorkspaceId == houseWorkspaceId && c.UserId == userId && c.Channel == ConversationChannel.Portal
                && c.Status != ConversationStatus.Closed)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The widget conversation a visitor's token opens in this workspace, or null. Which conversation a token opens never
    /// changes, so the answer is remembered (<see cref="TokenMemory"/>, sliding): a visitor's messages and history polls
    /// then reach the conversation without a query. Only tokens that open something are remembered, so guessing cannot
    /// fill the memory. The app never deletes a conversation while its workspace stands, and a deleted workspace's widget
    /// key opens nothing before this is asked, so a remembered id does not outlive its row.
    /// </summary>
    public async Task<Guid?> ConversationIdByTokenAsync(Guid workspaceId, string? token, CancellationToken ct = default)
    {
        if (!VisitorToken.LooksValid(token)) return null;
        var hash = VisitorToken.Hash(token!);
        var key = (TokenMemoryKey, workspaceId, hash);
        if (memory.TryGetValue(key, out Guid known)) return known;
        var found = await ByToken.For(db)(db, hash, workspaceId, ct);
        if (found is { } id) RememberToken(workspaceId, hash, id);
        return found;
    }

    private void RememberToken(Guid workspaceId, string hash, Guid conversationId) =>
        memory.Set((TokenMemoryKey, workspaceId, hash), conversationId, new MemoryCacheEntryOptions { SlidingExpiration = TokenMemory });

    public static readonly TimeSpan TokenMemory = TimeSpan.FromMinutes(10);
    private const string TokenMemoryKey = "visitor-token";

    // Every message a visitor sends starts here.
    private static readonly CompiledPerModel<Func<StreamlineDbContext, string, Guid, CancellationToken, Task<Guid?>>> ByToken = new(() =>
        EF.CompileAsyncQuery((StreamlineDbContext db, string hash, Guid workspaceId, CancellationToken ct) =>
            db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace)
                .Where(c => c.VisitorTokenHash == hash && c.WorkspaceId == workspaceId).Select(c => (Guid?)c.Id).SingleOrDefault()));

    public Task<Conversation?> FindAsync(Guid conversationId, CancellationToken ct = default) =>
        Conversations.AsNoTracking().Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == conversationId, ct);

    /// <summary>
    /// Stores what the visitor wrote. It awaits an AI answer unless a human has the conversation, in which
    /// case the human sees it in the inbox. With <paramref name="claimReply"/> the message is stored already leased
    /// (<see cref="AiResponder.Lease"/>, first attempt) to a caller that starts the answer at once
    /// (<see cref="AiResponder.AnswerClaimedAsync"/>): no separate claim, and should it never run, the lease runs out
    /// and the sweeper answers. On PostgreSQL such a message without files also brings back what its turn starts from
    /// (<see cref="PostResult.Turn"/>), with <paramref name="holdAhead"/> placed for it when given
    /// (<see cref="AiResponder.PlanHoldAheadAsync"/>); a hold placed and never used runs out and is released like any other.
    /// </summary>
    public Task<PostResult> PostVisitorMessageAsync(Guid conversationId, string? text, IReadOnlyList<MessageAttachment>? attachments = null,
        CancellationToken ct = default, bool claimReply = false, HoldAhead? holdAhead = null) =>
        PostAsync(conversationId, null, text, attachments, claimReply, holdAhead, ct);

    /// <summary>
    /// The same for a conversation the caller has just read (untracked, as <see cref="PortalConversationAsync"/> returns it):
    /// stored against that copy's version, one query fewer on the way to the reply (on PostgreSQL a message without files
    /// needs no copy: <see cref="PostgresVisitorPost"/>). The copy is changed as the conversation was.
    /// </summary>
    public Task<PostResult> PostVisitorMessageAsync(Conversation asRead, string? text, IReadOnlyList<MessageAttachment>? attachments = null,
        CancellationToken ct = default, bool claimReply = false, HoldAhead? holdAhead = null) =>
        PostAsync(asRead.Id, asRead, text, attachments, claimReply, holdAhead, ct);

    private async Task<PostResult> PostAsync(Guid conversationId, Conversation? asRead, string? text, IReadOnlyList<MessageAttachment>? attachments,
        bool claimReply, HoldAhead? holdAhead, CancellationToken ct)
    {
        var trimmed = (text ?? "").Trim();
        var files = attachments ?? [];
        if (trimmed.Length == 0 && files.Count == 0) return new(PostOutcome.Empty, null, "Write a message first.");
        if (trimmed.Length > ConversationLimits.VisitorMessage)
            return new(PostOutcome.TooLong, null, $"Messages can be up to {ConversationLimits.VisitorMessage:N0} characters; this one has {trimmed.Length:N0}.");
        if (TypedText.HasControlCharacters(trimmed))
            return new(PostOutcome.Unreadable, null, "This message has invisible control characters in it (perhaps from a paste). Type it again and send it.");

        var message = new ChatMessage { Sender = MessageSender.Visitor, Text = trimmed, Attachments = [.. files] };
        message.CreatedAt = Now;
        var posted = await posting.PostVisitorAsync(new VisitorPost(conversationId, asRead, message, claimReply, message.CreatedAt + AiResponder.Lease, holdAhead), ct);
        return posted.Stored ? new(PostOutcome.Posted, message, null, posted.Turn) : Closed;
    }

    private static readonly PostResult Closed = new(PostOutcome.Closed, null, "This conversation has been closed. Reload to start a new one.");

    private IQueryable<Conversation> Conversations => db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace);

    private async Task<Conversation> StartAsync(Guid workspaceId, ConversationChannel channel, Action<Conversation> init, CancellationToken ct,
        Guid? contactId = null)
    {
        var now = Now;
        Contact? contact = contactId is null ? new Contact { WorkspaceId = workspaceId, CreatedAt = now, UpdatedAt = now } : null;
        var campaignId = (await setups.GetAsync(db, workspaceId, ct)).CampaignsOn(channel).FirstOrDefault()?.Id;
        var conversation = new Conversation
        {
            WorkspaceId = workspaceId, Channel = channel, ContactId = contact?.Id ?? contactId!.Value, Contact = contact, CampaignId = campaignId,
            CreatedAt = now, LastMessageAt = now,
        };
        init(conversation);
        db.Conversations.Add(conversation);
        try
        {
            await db.SaveChangesAsync(ct);
            return conversation;
        }
        finally
        {
            // Saved or refused, the context keeps nothing of it: a refused pair must not be tried again by the next save.
            db.Entry(conversation).State = EntityState.Detached;
            if (contact is not null) db.Entry(contact).State = EntityState.Detached;
        }
    }
}
