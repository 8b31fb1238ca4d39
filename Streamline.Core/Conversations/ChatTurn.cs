using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

/// <summary>
/// A visitor's message as a channel received it: the widget's or the portal's post, or a messaging app's webhook. The
/// channel found <paramref name="ConversationId"/> in <paramref name="WorkspaceId"/> by its own key (a visitor token, a
/// signed-in customer, an app's chat id); <paramref name="AsRead"/> is that conversation when the channel has just read it.
/// </summary>
public sealed record IncomingMessage(Guid WorkspaceId, ConversationChannel Channel, Guid ConversationId, string? Text,
    IReadOnlyList<ChatUpload>? Files = null, Conversation? AsRead = null);

/// <summary>What one whole turn did: the visitor's message as stored (or why not), and the answer when there was one to give.</summary>
public sealed record ChatTurnResult(PostResult Post, ReplyResult? Reply);

/// <summary>
/// One chat turn on any channel: store what the visitor wrote (with its files), then answer it with the AI (the reply,
/// the facts captured in the lead, the tools' effects and the credits charged, in <see cref="ReplyResult"/>). Which
/// campaigns the turn may use follows from the conversation's channel (<see cref="SalesSetup.CampaignsOn"/>). The
/// widget and the portal post and then follow the answer as it is written; a messaging channel posts from its webhook
/// and answers in <see cref="ChatTurnJob"/>; both end in the same <see cref="AiResponder"/> turn.
/// </summary>
public sealed class ChatTurn(StreamlineDbContext db, ConversationService conversations, ChatAttachmentStore files, AiResponder responder,
    ReplyRelay relay, SalesSetupCache setups)
{
    public const string DefaultGreeting = "Hi! How can we help you today?";

    /// <summary>
    /// The greeting a new conversation on <paramref name="channel"/> opens with: on the website the widget's own (a setting)
    /// when set, else the first campaign's that the channel would give the conversation. Shown, never stored.
    /// </summary>
    public async Task<string> GreetingAsync(Guid workspaceId, ConversationChannel channel, CancellationToken ct = default)
    {
        var setup = await setups.GetAsync(db, workspaceId, ct);
        if (channel.Platform() == Campaigns.CampaignChannels.Web && setup.Widget?.GreetingOverride is { Length: > 0 } greeting) return greeting;
        var campaign = setup.CampaignsOn(channel).FirstOrDefault()?.Greeting;
        return string.IsNullOrWhiteSpace(campaign) ? DefaultGreeting : campaign;
    }

    /// <summary>
    /// Checks the files, stores them and the message. With <paramref name="answerNow"/> the answer starts in this process
    /// the moment the message is stored (<see cref="ReplyRelay"/>; follow it with <see cref="AnswerAsync"/>); without, the
    /// message waits for <see cref="ChatTurnJob"/> (or the sweeper). Any refusal (too long, empty, a bad file, a closed
    /// conversation) leaves no message and no file behind.
    /// </summary>
    public async Task<PostResult> PostAsync(IncomingMessage incoming, bool answerNow, CancellationToken ct = default)
    {
        var (checkedFiles, problem) = await ChatAttachmentStore.CheckAsync(incoming.Files ?? [], ct);
        if (problem is not null) return new PostResult(PostOutcome.BadFile, null, problem);

        var attachments = await files.SaveAsync(incoming.WorkspaceId, incoming.ConversationId, checkedFiles, ct);
        PostResult result;
        try
        {
            // On PostgreSQL a message without files carries its reply's credits hold; elsewhere the plan goes unused.
            var holdAhead = answerNow ? await responder.PlanHoldAheadAsync(incoming.WorkspaceId, ct) : null;
            result = incoming.AsRead is { } asRead
                ? await conversations.PostVisitorMessageAsync(asRead, incoming.Text, attachments, ct, claimReply: answerNow, holdAhead)
                : await conversations.PostVisitorMessageAsync(incoming.ConversationId, incoming.Text, attachments, ct, claimReply: answerNow, holdAhead);
        }
        catch
        {
            // Not stored (the database failed, the request was cancelled, the conversation is gone): neither are its files.
            files.Delete(incoming.WorkspaceId, incoming.ConversationId, attachments);
            throw;
        }
        if (result.Message is null)
        {
            files.Delete(incoming.WorkspaceId, incoming.ConversationId, attachments);
            return result;
        }
        if (answerNow && result.AwaitsAi) relay.Start(result.Message, result.Turn);
        return result;
    }

    /// <summary>The whole turn at once: stores the message and answers it here, streaming the answer to <paramref name="onText"/>.</summary>
    public async Task<ChatTurnResult> RunAsync(IncomingMessage incoming, Func<string, Task>? onText = null, CancellationToken ct = default)
    {
        var post = await PostAsync(incoming, answerNow: false, ct);
        if (!post.AwaitsAi) return new ChatTurnResult(post, null);
        // The answer starts from the rows as stored, as it does in another scope (the relay, the job): not from what posting tracked.
        db.ChangeTracker.Clear();
        return new ChatTurnResult(post, await responder.AnswerAsync(post.Message!.Id, onText, ct, incoming.ConversationId));
    }

    /// <summary>
    /// The answer to <paramref name="messageId"/> of <paramref name="conversationId"/>: followed as this process writes it
    /// (every piece of text so far, then the rest), or else answered here unless someone else has (the result says who).
    /// <paramref name="ct"/> only stops the listening: the answer is finished and stored whoever listens.
    /// </summary>
    public Task<ReplyResult> AnswerAsync(Guid conversationId, Guid messageId, Func<string, Task>? onText, CancellationToken ct = default) =>
        (onText is null ? null : relay.Follow(messageId, onText, ct)) ?? responder.AnswerAsync(messageId, onText, ct, conversationId);

    /// <summary>The answer someone else posted: the background job, or an earlier follower of the same message.</summary>
    public async Task<IReadOnlyList<ChatMessage>> RepliesToAsync(Guid messageId, CancellationToken ct = default) =>
        await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(m => m.ReplyToId == messageId).ToListAsync(ct);
}
