using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// What the app says on a messaging channel, from the stored outbound row to the provider. Every AI, human or system
/// message of a channel conversation is saved with its outbound rows (one per part, <see cref="ChannelOutbound"/>), so
/// nothing stored goes unsent and nothing unsaved goes out. Each row is claimed by one sender, checked against the
/// channel's rules at the moment of sending (opt-out, takeover, the 24-hour window), and sent, retried with backoff, or
/// failed with the provider's words.
/// </summary>
public sealed class ChannelOutbox(StreamlineDbContext db, ChannelSecrets secrets, IEnumerable<IChannelProvider> providers, ChannelHealth health,
    ChannelStatuses statuses, TimeProvider clock, ILogger<ChannelOutbox> log)
{
    /// <summary>Sends a row at most this many times before it is failed.</summary>
    public const int MaxAttempts = 8;

    /// <summary>A claimed row is left alone this long: a sender that died mid-send is retried after it.</summary>
    public static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    public const string TemplateKind = "template";
    public const string TextKind = "text";
    public const string WindowClosedCode = "window-closed";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private IQueryable<ChannelMessage> Rows => db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<ChatMessage> ChatMessages => db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace);

    public IChannelProvider? ProviderFor(ConversationChannel channel) => providers.FirstOrDefault(p => p.Channel == channel);

    /// <summary>
    /// Sends the conversation's due rows in order, and then any that were committed meanwhile. Stops at a row that must
    /// wait (the provider asked to retry) or that another sender holds: what follows it would otherwise arrive first, and
    /// that sender goes on to the rest once its row is done. Returns how many were sent.
    /// </summary>
    public async Task<int> SendDueAsync(Guid conversationId, CancellationToken ct)
    {
        var sent = 0;
        while (true)
        {
            var now = Now;
            var due = await (from r in Rows.AsNoTracking()
                             join m in ChatMessages on r.ChatMessageId equals m.Id
                             where r.ConversationId == conversationId && r.Direction == ChannelDirection.Outbound
                                   && r.State == ChannelDeliveryState.Queued
                             orderby m.Sequence, r.Part
                             select new { r.Id, r.NextAttemptAt }).ToListAsync(ct);
            var settled = 0;
            foreach (var row in due)
            {
                if (row.NextAttemptAt > now) return sent;
                var outcome = await SendOneAsync(row.Id, ct);
                if (outcome is RowOutcome.Waiting or RowOutcome.Busy) return sent;
                if (outcome == RowOutcome.Sent) sent++;
                settled++;
            }
            // A reply committed while these went out was not in the list: the loop ends when a look finds nothing new.
            if (settled == 0) return sent;
        }
    }

    /// <summary>When the conversation's next waiting row may be tried, if one is waiting.</summary>
    public Task<DateTime?> NextAttemptAsync(Guid conversationId, CancellationToken ct) =>
        Rows.Where(r => r.ConversationId == conversationId && r.Direction == ChannelDirection.Outbound && r.State == ChannelDeliveryState.Queued)
            .MinAsync(r => r.NextAttemptAt, ct);

    private enum RowOutcome { Sent, Waiting, Busy, Settled }

    private async Task<RowOutcome> SendOneAsync(Guid rowId, CancellationToken ct)
    {
        var now = Now;
        // The claim: one sender per row, however many jobs and sweeps reach it at once.
        var claimed = await Rows.Where(r => r.Id == rowId && r.State == ChannelDeliveryState.Queued && (r.NextAttemptAt == null || r.NextAttemptAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, now + SendLease).SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
        if (claimed == 0) return RowOutcome.Busy;

        var row = await Rows.SingleAsync(r => r.Id == rowId, ct);
        var message = await ChatMessages.AsNoTracking().SingleAsync(m => m.Id == row.ChatMessageId, ct);
        var conversation = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(c => c.Id == row.ConversationId, ct);
        var identity = await db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(i => i.Id == row.IdentityId, ct);
        var channel = await db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(c => c.Id == row.ChannelId, ct);

        var refusal = await RefusalAsync(row, message, conversation, identity, channel, now, ct);
        if (refusal is { } r) return await SettleAsync(row, r.State, r.Code, r.Message, ct);

        var provider = ProviderFor(channel.Channel)!;
        var byPerson = message.Sender == MessageSender.Human;
        var template = row.Kind == TemplateKind && row.TemplateJson is { } json ? JsonSerializer.Deserialize<ChannelTemplate>(json) : null;
        // WhatsApp addresses a customer by phone number when Meta gave one, else by their business-scoped user id.
        var recipient = channel.Channel == ConversationChannel.WhatsApp && identity.Phone is { } phone ? phone : identity.ExternalId;
        var outgoing = new OutboundChannelMessage(recipient, template is null ? row.Text : null, byPerson,
            OutsideWindow: !identity.WindowOpen(now), Template: template);
        SendOutcome outcome;
        try
        {
            outcome = await provider.SendAsync(channel, secrets.Unprotect(channel), outgoing, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            outcome = new SendOutcome.RetryLater(e.GetType().Name, null);
        }

        var settled = await RecordAsync(row, outcome, ct);
        // After the row is saved: the health update may clear the change tracker, and a token the provider refuses opens an incident.
        await health.RecordSendOutcomeAsync(channel, outcome, ct);
        return settled;
    }

    private async Task<RowOutcome> RecordAsync(ChannelMessage row, SendOutcome outcome, CancellationToken ct)
    {
        switch (outcome)
        {
            case SendOutcome.Sent s:
                row.ProviderMessageId = s.ProviderMessageId;
                row.State = ChannelDeliveryState.Sent;
                (row.ErrorCode, row.ErrorMessage, row.NextAttemptAt, row.UpdatedAt) = (null, null, null, Now);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                // A status callback can beat the provider's own answer here: it waited for the id just stored.
                await statuses.ApplyPendingAsync(row.ChannelId, s.ProviderMessageId, ct);
                return RowOutcome.Sent;
            case SendOutcome.RetryLater retry when row.Attempts < MaxAttempts:
                var wait = Backoff(row.Attempts);
                if (retry.After is { } after && after > wait) wait = after;
                (row.NextAttemptAt, row.ErrorCode, row.ErrorMessage, row.UpdatedAt) = (Now + wait, "retry", Clip(retry.Error, 1000), Now);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                log.LogInformation("Channel message {Row} will be retried in {Wait}: {Error}", row.Id, wait, retry.Error);
                return RowOutcome.Waiting;
            case SendOutcome.RetryLater retry:
                return await SettleAsync(row, ChannelDeliveryState.Failed, "retry-exhausted",
                    $"The provider kept refusing for now ({retry.Error}); gave up after {MaxAttempts} attempts.", ct);
            case SendOutcome.Rejected rejected:
                return await SettleAsync(row, ChannelDeliveryState.Failed, rejected.Code, rejected.Message, ct);
            default:
                throw new InvalidOperationException($"Unknown send outcome {outcome}.");
        }
    }

    private sealed record Refusal(ChannelDeliveryState State, string Code, string Message);

    /// <summary>Why the row must not go out now, decided at the moment of sending rather than when it was written.</summary>
    private async Task<Refusal?> RefusalAsync(ChannelMessage row, ChatMessage message, Conversation conversation, ChannelIdentity identity,
        MessagingChannel channel, DateTime now, CancellationToken ct)
    {
        if (channel.Connection != ChannelConnection.Connected || ProviderFor(channel.Channel) is null)
            return new(ChannelDeliveryState.Failed, "disconnected", "The channel is disconnected.");
        if (identity.OptedOutAt is not null)
            return new(ChannelDeliveryState.Withheld, "opted-out", "The customer opted out of messages on this channel.");
        if (message.Sender == MessageSender.Ai && conversation.AiLocked && await TakenOverSinceAsync(message, ct))
            return new(ChannelDeliveryState.Withheld, "taken-over", "A person took the conversation over before this AI reply went out.");
        if (identity.WindowOpen(now) || row.Kind == TemplateKind) return null;
        return channel.Channel switch
        {
            ConversationChannel.WhatsApp => new(ChannelDeliveryState.Failed, WindowClosedCode,
                "More than 24 hours since the customer last wrote: WhatsApp takes only an approved template until they write again."),
            ConversationChannel.Messenger or ConversationChannel.Instagram when message.Sender != MessageSender.Human =>
                new(ChannelDeliveryState.Withheld, WindowClosedCode,
                    "More than 24 hours since the customer last wrote: only a person's reply may go out now (human agent tag)."),
            _ => null,
        };
    }

    /// <summary>A person acted on the conversation (took it over) after the AI wrote this.</summary>
    private Task<bool> TakenOverSinceAsync(ChatMessage message, CancellationToken ct) =>
        ChatMessages.AnyAsync(m => m.ConversationId == message.ConversationId && m.Sequence > message.Sequence && m.AuthorUserId != null, ct);

    private async Task<RowOutcome> SettleAsync(ChannelMessage row, ChannelDeliveryState state, string code, string message, CancellationToken ct)
    {
        (row.State, row.ErrorCode, row.ErrorMessage, row.NextAttemptAt, row.UpdatedAt) = (state, Clip(code, 40), Clip(message, 1000), null, Now);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return RowOutcome.Settled;
    }

    /// <summary>5 s, 10 s, 20 s, … up to <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 5 * Math.Pow(2, Math.Max(0, attempts - 1))));

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>The send job: a conversation's due rows sent in order. Safe to run twice, and by two workers at once.</summary>
public sealed class SendChannelMessages(ChannelOutbox outbox, IBackgroundJobClient jobs, TimeProvider clock)
{
    [AutomaticRetry(Attempts = 0)] // rows keep their own attempts and backoff; the sweeper picks up what is due
    public async Task QueueConversationAsync(Guid conversationId, CancellationToken ct)
    {
        await outbox.SendDueAsync(conversationId, ct);
        // A row told to wait is tried again when its wait is over, not at the sweeper's next round.
        if (await outbox.NextAttemptAsync(conversationId, ct) is { } next)
        {
            var wait = next - clock.GetUtcNow().UtcDateTime;
            jobs.Schedule<SendChannelMessages>(j => j.QueueConversationAsync(conversationId, CancellationToken.None),
                wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }
}

/// <summary>
/// Catches what no job sent: rows whose job was lost (the process died between the commit and the queue, or the
/// in-memory queue went with it), rows whose retry is due, and rows whose sender died holding the claim. Also forgets
/// status callbacks whose message never turned up.
/// </summary>
public sealed class SweepChannelOutbox(StreamlineDbContext db, ChannelStatuses statuses, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await statuses.ForgetStaleAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = now - Ingest.ChannelInbound.KeptFor;
        await db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace).Where(r => r.ProcessedAt < expired).ExecuteDeleteAsync(ct);
        var conversations = await db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(r => r.Direction == ChannelDirection.Outbound && r.State == ChannelDeliveryState.Queued
                        && (r.NextAttemptAt == null || r.NextAttemptAt <= now))
            .Select(r => r.ConversationId).Distinct().OrderBy(id => id).Take(200).ToListAsync(ct);
        foreach (var id in conversations)
            jobs.Enqueue<SendChannelMessages>(j => j.QueueConversationAsync(id, CancellationToken.None));
        return conversations.Count;
    }
}
