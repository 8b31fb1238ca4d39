using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Ai;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations.ChatPosting;
using Streamline.Core.Conversations.Sales;
using Streamline.Core.Conversations.Sales.Understanding;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using Streamline.Core.Widget;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Streamline.Core.Conversations;

public enum ReplyOutcome
{
    Answered,

    /// <summary>Someone else is answering or has answered it.</summary>
    AlreadyHandled,

    /// <summary>A human has the conversation: the AI stays silent.</summary>
    NotNeeded,

    /// <summary>The provider failed this time; the background job answers it later.</summary>
    Deferred,
}

/// <summary>
/// <see cref="Posted"/> is what appeared in the conversation: the reply, and a notice when it handed off. When the AI
/// answered, <see cref="Lead"/> is the contact as the turn left it (what the visitor said, captured), <see cref="Effects"/>
/// what its tools decided, and <see cref="ChargedMillicredits"/> what the workspace paid for it.
/// </summary>
public sealed record ReplyResult(ReplyOutcome Outcome, IReadOnlyList<ChatMessage> Posted, Contact? Lead = null, TurnEffects? Effects = null,
    long ChargedMillicredits = 0);

/// <summary>
/// One AI turn for one visitor message, wherever it runs (the streaming request or the background job):
/// claim the message, hold credits, ask the model (tools executed and validated here, at most a few rounds),
/// then post the reply only if no human has taken the conversation meanwhile, and charge what it used.
/// The claim is a lease on the message and the reply's <see cref="ChatMessage.ReplyToId"/> is unique, so a
/// message is answered exactly once however many workers try.
/// </summary>
public sealed partial class AiResponder(
    StreamlineDbContext db, SalesSetupCache setups, KnowledgeAssembler knowledge, AiMeter meter, SalesToolRunner tools,
    TokenCounter tokens, TermAnalyzer terms, IServiceProvider services, IOptions<AiOptions> ai, ConversationNotices notices, IChatPosting posting,
    IBackgroundJobClient jobs, WidgetAiCap widgetCap, Customers.SuspensionCache suspensions, TimeProvider clock, ILogger<AiResponder> logger)
{
    /// <summary>Model round trips per turn: a tool round or two, then the answer.</summary>
    public const int MaxRounds = 3;
    public const int MaxOutputTokens = 600;

    /// <summary>After this many failed attempts the visitor is told a person will answer, and one is asked to.</summary>
    public const int MaxAttempts = 4;

    /// <summary>Tool results added to the prompt between rounds, at most.</summary>
    private const int ToolResultAllowance = 600;

    /// <summary>
    /// The prompt a hold placed ahead covers (<see cref="PlanHoldAheadAsync"/>). A profile, the campaigns, a knowledge budget's
    /// passages and a long history fit; a longer prompt is held again, one round trip more.
    /// </summary>
    public const int HoldAheadPromptTokens = 8000;

    private const string Purpose = "AI reply";

    /// <summary>What a turn may send in all its rounds, tool results included, for a prompt of <paramref name="promptTokens"/>.</summary>
    private static int MaxInputTokens(int promptTokens) => (promptTokens + ToolResultAllowance) * MaxRounds;

    private const int MaxTurnOutputTokens = MaxOutputTokens * MaxRounds;

    public static TimeSpan Lease => TimeSpan.FromMinutes(3);

    /// <summary>
    /// The credits hold for a reply to a message not yet stored, to be placed in the round trip that stores it
    /// (<see cref="ConversationService.PostVisitorMessageAsync(Guid, string?, IReadOnlyList{MessageAttachment}?, CancellationToken, bool, HoldAhead?)"/>):
    /// the turn then has its hold without a round trip of its own. Null when the workspace's AI is free.
    /// </summary>
    public Task<HoldAhead?> PlanHoldAheadAsync(Guid workspaceId, CancellationToken ct) =>
        meter.PlanAheadAsync(workspaceId, AiTask.SalesReply, HoldAheadPromptTokens, MaxInputTokens(HoldAheadPromptTokens), MaxTurnOutputTokens, Purpose, ct);

    public static TimeSpan RetryDelay(int attempt) => TimeSpan.FromSeconds(Math.Min(300, 15 * Math.Pow(2, attempt - 1)));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Answers <paramref name="visitorMessageId"/>, streaming text to <paramref name="onText"/> as it arrives.
    /// The answer is finished and stored even if the listener goes away (a visitor closing the tab mid-reply
    /// finds it on their next visit), so <paramref name="ct"/> only stops the streaming. With <paramref name="conversationId"/>
    /// the message is answered only if it is that conversation's.
    /// </summary>
    public async Task<ReplyResult> AnswerAsync(Guid visitorMessageId, Func<string, Task>? onText, CancellationToken ct, Guid? conversationId = null)
    {
        var now = Now;
        var claimed = await Messages.Where(m => m.Id == visitorMessageId && (conversationId == null || m.ConversationId == conversationId)
                                                && m.ReplyState == ReplyState.Awaiting
                                                && (m.ReplyLeaseUntil == null || m.ReplyLeaseUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyLeaseUntil, now + Lease).SetProperty(m => m.ReplyAttempts, m => m.ReplyAttempts + 1), CancellationToken.None);
        if (claimed == 0)
        {
            var state = await Messages.Where(m => m.Id == visitorMessageId).Select(m => (ReplyState?)m.ReplyState).SingleOrDefaultAsync(CancellationToken.None);
            return new(state is null or ReplyState.None ? ReplyOutcome.NotNeeded : ReplyOutcome.AlreadyHandled, []);
        }
        var visitorMessage = await VisitorMessageAsync(visitorMessageId);
        return await AnswerClaimedAsync(visitorMessage, onText, ct);
    }

    /// <summary>
    /// The same for a message whose lease the caller already holds: one stored with
    /// <see cref="ConversationService.PostVisitorMessageAsync"/>'s <c>claimReply</c>, whose turn starts the moment it is stored;
    /// <paramref name="start"/> is what the turn starts from when it was read with the message (<see cref="PostResult.Turn"/>).
    /// </summary>
    public async Task<ReplyResult> AnswerClaimedAsync(ChatMessage visitorMessage, Func<string, Task>? onText, CancellationToken ct, TurnStart? start = null)
    {
        var listener = new Listener(onText, ct, logger);
        var (context, history) = await ContextAsync(visitorMessage, start, CancellationToken.None);
        if (context.Conversation.AiLocked) return await StandDownAsync(visitorMessage.Id);
        var holdKey = $"reply:{visitorMessage.Id}:{visitorMessage.ReplyAttempts + 1}";
        if (await suspensions.IsSuspendedAsync(db, context.WorkspaceId, CancellationToken.None))
        {
            // A suspended workspace's rep is silent on every channel, charging nothing; the customer hears why it is quiet.
            if (start?.HeldAhead is { } ahead) await meter.ReleaseAheadAsync(ahead, holdKey, CancellationToken.None);
            return (await PostAsync(context, visitorMessage, history, UnavailableReply(), null, new TurnEffects(), 0)).Result;
        }
        if (await widgetCap.ReachedAsync((await setups.GetAsync(db, context.WorkspaceId, CancellationToken.None)).Widget,
                context.Conversation.Channel, CancellationToken.None))
        {
            // The widget spent its day's credits: the visitor gets the same polite answer as an empty wallet gives.
            if (start?.HeldAhead is { } ahead) await meter.ReleaseAheadAsync(ahead, holdKey, CancellationToken.None);
            return (await PostAsync(context, visitorMessage, history, NoCreditsReply(context), null, new TurnEffects(), 0)).Result;
        }

        var prompt = SalesPrompt.Build(context, history);
        var promptTokens = prompt.Sum(m => tokens.Count(m.Text));
        var hold = await meter.HoldAsync(context.WorkspaceId, AiTask.SalesReply, promptTokens, MaxInputTokens(promptTokens), MaxTurnOutputTokens,
            Purpose, holdKey, CancellationToken.None, start?.HeldAhead);
        if (!hold.MayCall) return (await PostAsync(context, visitorMessage, history, NoCreditsReply(context), null, new TurnEffects(), 0)).Result;

        Turn turn;
        try
        {
            turn = await RunTurnAsync(context, prompt, hold.Model.Name, listener, Language(visitorMessage, history));
        }
        catch (Exception e)
        {
            // Whatever went wrong with the provider (an error answer, a timeout, a broken stream), the visitor
            // still gets an answer: later from the job, or from a person.
            await meter.ReleaseAsync(hold, CancellationToken.None);
            return await FailedAsync(context, visitorMessage, history, e);
        }

        var cost = AiMeter.ChargeFor(hold, turn.InputTokens, turn.OutputTokens);
        var reply = new ChatMessage
        {
            Sender = MessageSender.Ai, Text = turn.Text, ReplyToId = visitorMessage.Id, Model = hold.Model.Name,
            InputTokens = turn.InputTokens, OutputTokens = turn.OutputTokens, CostMillicredits = cost,
        };
        var (result, charged) = await PostAsync(context, visitorMessage, history, reply, turn.Effects.Handoff, turn.Effects, cost,
            meter.CaptureOf(hold, turn.InputTokens, turn.OutputTokens));
        if (result.Outcome != ReplyOutcome.Answered)
        {
            await meter.ReleaseAsync(hold, CancellationToken.None);
            return result;
        }
        // Charged with the post on PostgreSQL; otherwise (and should that capture find the hold gone) here, which also says why.
        if (charged) meter.ChargedWithPost(hold);
        var paid = charged ? cost : await meter.SettleAsync(hold, turn.InputTokens, turn.OutputTokens, CancellationToken.None);
        return result with { Lead = context.Contact, Effects = turn.Effects, ChargedMillicredits = paid };
    }

    private sealed record Turn(string Text, int InputTokens, int OutputTokens, TurnEffects Effects);

    private async Task<Turn> RunTurnAsync(SalesContext context, List<AiMessage> prompt, string model, Listener listener, string language)
    {
        var client = ai.Value.IsOnline ? services.GetRequiredService<ChatClients>().For(model) : new OfflineSalesEngine(context, tokens, terms);
        var effects = new TurnEffects();
        var text = new System.Text.StringBuilder();
        int input = 0, output = 0;
        for (var round = 1; round <= MaxRounds; round++)
        {
            var options = new ChatOptions
            {
                ModelId = model, MaxOutputTokens = MaxOutputTokens,
                // The last round must answer in words, whatever the model would still like to call.
                Tools = round < MaxRounds ? SalesTools.All : null,
            };
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client.GetStreamingResponseAsync(prompt, options, CancellationToken.None))
            {
                // The SDK's own objects for each chunk are not needed once it is read, and the turn keeps its updates until the
                // model is done: under load that is what every collection finds alive and has to copy.
                update.RawRepresentation = null;
                foreach (var content in update.Contents) content.RawRepresentation = null;
                updates.Add(update);
                if (update.Text is { Length: > 0 } delta)
                {
                    text.Append(delta);
                    await listener.SendAsync(delta);
                }
            }
            var response = updates.ToChatResponse();
            input += (int)(response.Usage?.InputTokenCount ?? prompt.Sum(m => tokens.Count(m.Text)));
            output += (int)(response.Usage?.OutputTokenCount ?? tokens.Count(response.Text));
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0) break;

            prompt.AddRange(response.Messages);
            var results = new List<AIContent>();
            foreach (var call in calls)
                results.Add(new FunctionResultContent(call.CallId, await tools.RunAsync(context, call, effects, CancellationToken.None)));
            prompt.Add(new AiMessage(ChatRole.Tool, results));
        }
        var answer = text.ToString().Trim();
        if (answer.Length == 0) answer = effects.Handoff is not null ? Phrases.Say(Phrases.Key.TeamSoon, language) : "Thanks for your message!";
        if (answer.Length > ConversationLimits.StoredText) answer = answer[..ConversationLimits.StoredText];
        return new Turn(answer, input, output, effects);
    }

    /// <summary>
    /// Posts the reply (and a handoff notice) unless a human has the conversation by now, marking the visitor's
    /// message answered and updating the lead in the same save (<see cref="IChatPosting"/>; one round trip on PostgreSQL),
    /// which also carries <paramref name="charge"/>, the capture of the turn's credits: Charged says it was captured with the post.
    /// </summary>
    private async Task<(ReplyResult Result, bool Charged)> PostAsync(SalesContext context, ChatMessage visitorMessage, List<ChatMessage> history,
        ChatMessage reply, HandoffReason? handoff, TurnEffects effects, long cost, HoldCapture? charge = null)
    {
        var posted = new List<ChatMessage> { reply };
        if (handoff is not null)
            posted.Add(new ChatMessage
            {
                Sender = MessageSender.System,
                // The owner's offline message is shown as they wrote it.
                Text = context.BusinessOpen ? Phrases.Say(Phrases.Key.TeamJoining, Language(visitorMessage, history)) : context.OfflineMessage,
            });
        // The contact as this turn left it: the save-contact tool writes to the database and to this copy alike.
        var contact = context.Contact;
        var hasProposal = context.HasProposal || effects.Proposal is not null;
        var lead = LeadScoring.Assess(contact, [.. history, reply], context.VisitorMessages, effects.RecommendedProductId is not null || context.Conversation.LeadScoreReasons.Any(r => r.Contains("recommended", StringComparison.Ordinal)), hasProposal);

        void Change(Conversation c)
        {
            c.AiCostMillicredits += cost;
            c.LeadScore = lead.Score;
            c.LeadScoreReasons = [.. lead.Reasons];
            c.Sentiment = lead.Sentiment;
            if (effects.RecommendedProductId is { } product) c.CampaignId = product;
            if (handoff is { } reason) c.HandOff(reason);
        }

        var post = await posting.PostReplyAsync(
            new ReplyPost(context.Conversation.Id, visitorMessage.Id, posted, cost, lead, effects.RecommendedProductId, handoff, Now),
            context.Conversation, history.Find(m => m.Id == visitorMessage.Id), Change, charge, CancellationToken.None);
        if (post.Outcome == ReplyPostOutcome.AlreadyAnswered) return (new(ReplyOutcome.AlreadyHandled, []), false);
        if (post.Outcome == ReplyPostOutcome.Refused) return (await StandDownAsync(visitorMessage.Id), false);
        var (saved, becameQualified, charged) = (post.Saved!, post.BecameQualified, post.Charged);
        // After the post, not inside it: a retried save must not queue the mail twice.
        if (becameQualified) await notices.QualifiedLeadAsync(saved, contact, lead);
        if (handoff is { } why) await notices.HandoffAsync(saved, contact, why);
        return (new(ReplyOutcome.Answered, posted), charged);
    }

    /// <summary>A human has the conversation: the message needs no AI answer.</summary>
    private async Task<ReplyResult> StandDownAsync(Guid visitorMessageId)
    {
        await Messages.Where(m => m.Id == visitorMessageId && m.ReplyState == ReplyState.Awaiting)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyState, ReplyState.None).SetProperty(m => m.ReplyLeaseUntil, (DateTime?)null), CancellationToken.None);
        return new(ReplyOutcome.NotNeeded, []);
    }

    /// <summary>
    /// The provider failed: try again later, or after the last attempt tell the visitor a person will answer
    /// and hand the conversation to the team, so nobody is left without a reply.
    /// </summary>
    private async Task<ReplyResult> FailedAsync(SalesContext context, ChatMessage visitorMessage, List<ChatMessage> history, Exception e)
    {
        var attempt = visitorMessage.ReplyAttempts + 1;
        logger.LogWarning(e, "AI reply to message {MessageId} failed (attempt {Attempt} of {Max})", visitorMessage.Id, attempt, MaxAttempts);
        if (attempt >= MaxAttempts)
        {
            var apology = new ChatMessage
            {
                Sender = MessageSender.System, ReplyToId = visitorMessage.Id,
                Text = Phrases.Say(Phrases.Key.AssistantDown, Language(visitorMessage, history)),
            };
            return (await PostAsync(context, visitorMessage, history, apology, HandoffReason.AiUnavailable, new TurnEffects(), 0)).Result
                is { Outcome: ReplyOutcome.Answered } posted ? posted with { Outcome = ReplyOutcome.Deferred } : new(ReplyOutcome.Deferred, []);
        }
        var retryAt = Now + RetryDelay(attempt);
        await Messages.Where(m => m.Id == visitorMessage.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyLeaseUntil, retryAt), CancellationToken.None);
        // The sweeper would find it too; scheduling it answers as soon as the backoff allows.
        jobs.Schedule<ChatTurnJob>(j => j.RunAsync(visitorMessage.ConversationId, visitorMessage.Id, CancellationToken.None), retryAt - Now);
        return new(ReplyOutcome.Deferred, []);
    }

    /// <summary>The language the visitor writes in (<see cref="VisitorLanguage"/>), for the notices the app adds to the conversation.</summary>
    private static string Language(ChatMessage visitorMessage, IEnumerable<ChatMessage> history) =>
        VisitorLanguage.Of(visitorMessage.Text, history.Where(m => m.Sender == MessageSender.Visitor && m.Id != visitorMessage.Id).Select(m => m.Text));

    private static ChatMessage UnavailableReply() => new() { Sender = MessageSender.System, Text = Customers.CustomerService.UnavailableToVisitors };

    private static ChatMessage NoCreditsReply(SalesContext context) => new()
    {
        Sender = MessageSender.System,
        Text = $"Thanks for your message! Our assistant can't reply right now, but {context.BusinessName} has it and will get back to you. " +
               "If you haven't yet, leave your e-mail address so they can reach you.",
    };

    /// <summary>
    /// Everything the turn needs: the conversation with its contact, whether it has a proposal and its history up to this
    /// message (<paramref name="start"/>, or else one query), the workspace's setup from <see cref="SalesSetupCache"/>, and
    /// the passages this message calls for.
    /// </summary>
    private async Task<(SalesContext, List<ChatMessage> History)> ContextAsync(ChatMessage visitorMessage, TurnStart? start, CancellationToken ct)
    {
        var row = start ?? await TurnQuery.For(db)(db, visitorMessage.ConversationId, visitorMessage.Sequence, ct);
        // Kept without its contact (which the turn has apart), so posting the reply can save against this very copy.
        var conversation = row.Conversation;
        var workspaceId = conversation.WorkspaceId;
        var setup = await setups.GetAsync(db, workspaceId, ct);
        var campaigns = setup.CampaignsOn(conversation.Channel);
        var assembled = await knowledge.AssembleAsync(workspaceId, conversation.Channel.Platform(), visitorMessage.Text, null, setup.Profile, campaigns, ct, row.Postings);
        return (new SalesContext(workspaceId, setup.BusinessName, conversation, row.Contact,
            campaigns.FirstOrDefault(c => c.Id == conversation.CampaignId) ?? campaigns.FirstOrDefault(),
            campaigns.Select(SalesProduct.From).ToList(), assembled,
            setup.Widget is null || BusinessHours.IsOpen(setup.Widget, clock.GetUtcNow()),
            setup.Widget?.OfflineMessage ?? "", row.HasProposal, row.VisitorMessages, await ShopProductsAsync(workspaceId, ct)), row.History);
    }

    /// <summary>The active (status lowercased on import) products of the workspace's connected shop, for product questions; at most <see cref="ShopProductLimit"/>.</summary>
    private async Task<List<StoreProduct>> ShopProductsAsync(Guid workspaceId, CancellationToken ct) =>
        (await db.CommerceProducts.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(p => p.WorkspaceId == workspaceId && (p.Status == null || p.Status == "active"))
            .Join(db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.DisconnectedAt == null), p => p.StoreId, s => s.Id,
                (p, s) => new { p.Title, p.MinPriceMinor, s.Currency, p.TotalInventory })
            .OrderBy(p => p.Title).Take(ShopProductLimit).ToListAsync(ct))
        .Select(p => new StoreProduct(p.Title, p.MinPriceMinor, p.Currency, p.TotalInventory)).ToList();

    /// <summary>Enough for a small shop's whole range; a larger one is answered from its first products by title.</summary>
    private const int ShopProductLimit = 200;

    // Every AI reply starts here.
    private static readonly CompiledPerModel<Func<StreamlineDbContext, Guid, int, CancellationToken, Task<TurnStart>>> TurnQuery = new(() =>
        EF.CompileAsyncQuery((StreamlineDbContext db, Guid conversationId, int upTo, CancellationToken ct) =>
            db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
                .Where(c => c.Id == conversationId)
                .Select(c => new TurnStart(c, c.Contact!, db.Proposals.Any(p => p.ConversationId == c.Id),
                    // Numbers are consecutive (each message takes the next; none is ever deleted alone), so the window is a range.
                    db.ChatMessages.Where(m => m.ConversationId == c.Id && m.Sequence > upTo - TurnStart.Window && m.Sequence <= upTo)
                        .OrderBy(m => m.Sequence).ToList(),
                    db.ChatMessages.Count(m => m.ConversationId == c.Id && m.Sequence <= upTo && m.Sender == MessageSender.Visitor),
                    null, null))
                .Single()));

    private IQueryable<ChatMessage> Messages => db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace);

    private Task<ChatMessage> VisitorMessageAsync(Guid id) => Messages.AsNoTracking().SingleAsync(m => m.Id == id, CancellationToken.None);

    /// <summary>The streaming listener: a listener that fails or leaves stops being written to, and the turn goes on.</summary>
    private sealed class Listener(Func<string, Task>? onText, CancellationToken ct, ILogger logger)
    {
        private bool _gone = onText is null;

        public bool Cancelled => ct.IsCancellationRequested;

        public async Task SendAsync(string delta)
        {
            if (_gone || ct.IsCancellationRequested) return;
            try
            {
                await onText!(delta);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                _gone = true;
                logger.LogDebug("The reply's listener went away; the reply is still stored.");
            }
        }
    }
}
