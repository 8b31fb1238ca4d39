using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels.Health;

/// <summary>
/// Counts what goes wrong on each channel (bad webhook signatures, provider errors, an expired token, webhooks that
/// never arrive) and opens an incident when a channel is in trouble: a banner on the channels page and one mail to the
/// workspace's owners, sent by whichever update opened it. What goes right again closes it. The webhook endpoints and the
/// send job call the Record methods on every delivery and send; each is one or two statements, and a good delivery writes
/// only when something changes.
/// </summary>
public sealed class ChannelHealth(StreamlineDbContext db, EmailOutbox outbox, PublicUrl links, TimeProvider clock, ChannelInboundMemo memo)
{
    /// <summary>A wrong app secret fails every delivery; a few strays (a scanner, a replay) do not make an incident.</summary>
    public const int SignatureFailuresForIncident = 5;

    /// <summary>A provider outage answers every send with an error; one refused message does not.</summary>
    public const int ProviderErrorsForIncident = 3;

    /// <summary>Connected this long with not one webhook: the callback URL or the subscription is likely missing.</summary>
    public static readonly TimeSpan SilenceAfter = TimeSpan.FromHours(24);

    /// <summary>How fresh the stored last-inbound time is kept: a busy channel's deliveries do not each write the row.</summary>
    public static readonly TimeSpan InboundResolution = TimeSpan.FromMinutes(1);

    /// <summary>How long failure events are kept: the monitoring page counts the last day of them.</summary>
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(2);

    private IQueryable<ChannelHealthRecord> Records => db.ChannelHealth.IgnoreQueryFilters(QueryFilters.Workspace);

    public async Task RecordSignatureFailureAsync(MessagingChannel channel, CancellationToken ct)
    {
        memo.Forget(channel.Id);
        var now = Now;
        await AddEventAsync(channel, ChannelHealthEventKind.BadSignature, now, ct);
        await UpdateAsync(channel, s => s
            .SetProperty(h => h.SignatureFailures, h => h.SignatureFailures + 1)
            .SetProperty(h => h.SignatureFailuresInARow, h => h.SignatureFailuresInARow + 1)
            .SetProperty(h => h.LastError, "A webhook arrived with a signature that does not match the app secret.")
            .SetProperty(h => h.LastErrorAt, now), ct);
        await OpenAsync(channel, ChannelTrouble.BadSignatures, h => h.SignatureFailuresInARow >= SignatureFailuresForIncident, ct);
    }

    /// <summary>
    /// A send or check the provider refused or failed: <paramref name="code"/> is the provider's error code (Graph's
    /// <c>error.code</c>, Telegram's <c>error_code</c>, or an HTTP status).
    /// </summary>
    public async Task RecordProviderErrorAsync(MessagingChannel channel, string? code, string message, CancellationToken ct)
    {
        var now = Now;
        var error = Truncate(string.IsNullOrEmpty(code) ? message : $"{code}: {message}", 500);
        await AddEventAsync(channel, ChannelHealthEventKind.ProviderError, now, ct);
        await UpdateAsync(channel, s => s
            .SetProperty(h => h.ProviderErrors, h => h.ProviderErrors + 1)
            .SetProperty(h => h.ProviderErrorsInARow, h => h.ProviderErrorsInARow + 1)
            .SetProperty(h => h.LastError, error)
            .SetProperty(h => h.LastErrorAt, now), ct);
        if (IsExpiredToken(channel.Channel, code))
            await OpenAsync(channel, ChannelTrouble.TokenExpired, _ => true, ct);
        else
            await OpenAsync(channel, ChannelTrouble.SendFailures, h => h.ProviderErrorsInARow >= ProviderErrorsForIncident, ct);
    }

    /// <summary>
    /// A delivery that passed its signature check: the webhook is set up right. Called on every delivery, so the row is
    /// written only when there is something to change: bad signatures to forget, an incident to close, or a last-inbound
    /// time older than <see cref="InboundResolution"/>.
    /// </summary>
    public async Task RecordInboundAsync(MessagingChannel channel, CancellationToken ct)
    {
        var now = Now;
        var stale = now - InboundResolution;
        if (memo.RecordedSince(channel.Id, stale)) return;
        var updated = await Records
            .Where(h => h.ChannelId == channel.Id)
            .Where(h => h.LastInboundAt == null || h.LastInboundAt < stale || h.SignatureFailuresInARow > 0
                        || h.Trouble == ChannelTrouble.BadSignatures || h.Trouble == ChannelTrouble.Silent)
            .ExecuteUpdateAsync(s => s
                .SetProperty(h => h.LastInboundAt, now)
                .SetProperty(h => h.SignatureFailuresInARow, 0)
                .SetProperty(h => h.Trouble, h => h.Trouble == ChannelTrouble.BadSignatures || h.Trouble == ChannelTrouble.Silent ? ChannelTrouble.None : h.Trouble)
                .SetProperty(h => h.TroubleSince, h => h.Trouble == ChannelTrouble.BadSignatures || h.Trouble == ChannelTrouble.Silent ? null : h.TroubleSince), ct);
        if (updated == 0 && !await Records.AnyAsync(h => h.ChannelId == channel.Id, ct))
        {
            await EnsureAsync(channel, ct);
            await Records.Where(h => h.ChannelId == channel.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastInboundAt, now), ct);
        }
        memo.Recorded(channel.Id, now);
    }

    /// <summary>A message the provider accepted: the token works and the provider answers.</summary>
    public Task RecordSentAsync(MessagingChannel channel, CancellationToken ct)
    {
        var now = Now;
        return UpdateAsync(channel, s => s
            .SetProperty(h => h.LastSentAt, now)
            .SetProperty(h => h.ProviderErrorsInARow, 0)
            .SetProperty(h => h.Trouble, h => h.Trouble == ChannelTrouble.TokenExpired || h.Trouble == ChannelTrouble.SendFailures ? ChannelTrouble.None : h.Trouble)
            .SetProperty(h => h.TroubleSince, h => h.Trouble == ChannelTrouble.TokenExpired || h.Trouble == ChannelTrouble.SendFailures ? null : h.TroubleSince), ct);
    }

    /// <summary>What the send job learnt from one send, in one call.</summary>
    public Task RecordSendOutcomeAsync(MessagingChannel channel, SendOutcome outcome, CancellationToken ct) => outcome switch
    {
        SendOutcome.Sent => RecordSentAsync(channel, ct),
        SendOutcome.Rejected r => RecordProviderErrorAsync(channel, r.Code, r.Message, ct),
        SendOutcome.RetryLater r => RecordProviderErrorAsync(channel, null, r.Error, ct),
        _ => Task.CompletedTask,
    };

    /// <summary>A channel saved again (new credentials): whatever was wrong is for the new credentials to show.</summary>
    public Task ResetAsync(MessagingChannel channel, CancellationToken ct) => UpdateAsync(channel, s => s
        .SetProperty(h => h.SignatureFailuresInARow, 0)
        .SetProperty(h => h.ProviderErrorsInARow, 0)
        .SetProperty(h => h.Trouble, ChannelTrouble.None)
        .SetProperty(h => h.TroubleSince, (DateTime?)null), ct);

    /// <summary>
    /// Recurring: opens the silence incident of every connected channel that has had no webhook since it was connected
    /// <see cref="SilenceAfter"/> ago (sandbox channels are left alone: nobody writes to them). Returns how many it opened.
    /// </summary>
    public async Task<int> SweepSilentAsync(CancellationToken ct)
    {
        var cutoff = Now - SilenceAfter;
        var silent = await db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(c => c.Connection == ChannelConnection.Connected && !c.IsSandbox && c.ConnectedAt <= cutoff)
            .Where(c => !Records.Any(h => h.ChannelId == c.Id && (h.LastInboundAt != null || h.Trouble != ChannelTrouble.None)))
            .ToListAsync(ct);
        var opened = 0;
        foreach (var channel in silent)
        {
            await EnsureAsync(channel, ct);
            if (await OpenAsync(channel, ChannelTrouble.Silent, h => h.LastInboundAt == null, ct)) opened++;
        }
        return opened;
    }

    /// <summary>Recurring (with the silent sweep): forgets failure events older than <see cref="EventRetention"/>.</summary>
    public Task<int> ForgetOldEventsAsync(CancellationToken ct)
    {
        var before = Now - EventRetention;
        return db.ChannelHealthEvents.IgnoreQueryFilters(QueryFilters.Workspace).Where(e => e.At < before).ExecuteDeleteAsync(ct);
    }

    /// <summary>The health of each of the workspace's channels that has a record (the current workspace's, through the filter).</summary>
    public Task<Dictionary<Guid, ChannelHealthRecord>> ForWorkspaceAsync(CancellationToken ct) =>
        db.ChannelHealth.AsNoTracking().ToDictionaryAsync(h => h.ChannelId, ct);

    /// <summary>The current workspace's connected channels with an open incident, by name: what the inbox warns about.</summary>
    public async Task<IReadOnlyList<(MessagingChannel Channel, ChannelHealthRecord Health)>> InTroubleAsync(CancellationToken ct)
    {
        var rows = await (from c in db.MessagingChannels.AsNoTracking()
                          join h in db.ChannelHealth.AsNoTracking() on c.Id equals h.ChannelId
                          where c.Connection == ChannelConnection.Connected && h.Trouble != ChannelTrouble.None
                          orderby c.Name
                          select new { c, h }).ToListAsync(ct);
        return [.. rows.Select(r => (r.c, r.h))];
    }

    public static bool IsExpiredToken(ConversationChannel channel, string? code) => channel switch
    {
        ConversationChannel.Telegram => code == "401",
        ConversationChannel.WhatsApp or ConversationChannel.Messenger or ConversationChannel.Instagram => code == "190",
        _ => false,
    };

    /// <summary>The incident in a few words, for lists (the admins' monitoring and support pages).</summary>
    public static string Describe(ChannelTrouble trouble) => trouble switch
    {
        ChannelTrouble.BadSignatures => "bad signatures",
        ChannelTrouble.TokenExpired => "token refused",
        ChannelTrouble.SendFailures => "sends failing",
        ChannelTrouble.Silent => "no webhooks",
        _ => "healthy",
    };

    /// <summary>What the owner should do, in a sentence: the banner and the mail both say it.</summary>
    public static string Advice(ChannelTrouble trouble, ConversationChannel channel) => trouble switch
    {
        ChannelTrouble.BadSignatures => channel == ConversationChannel.Telegram
            ? "Webhooks keep arriving without the secret this channel was connected with: save the channel again to register the webhook anew."
            : "Webhooks keep arriving with a signature that does not match: check the app secret (App Dashboard → App settings → Basic) and save the channel again.",
        ChannelTrouble.TokenExpired => channel == ConversationChannel.Telegram
            ? "Telegram refuses the bot token: it was revoked or changed in BotFather. Enter the current token and save the channel again."
            : "Meta refuses the access token: it expired or was revoked. Generate a new one (a system user's token does not expire) and save the channel again.",
        ChannelTrouble.SendFailures => "Replies keep failing to send. The last error is shown below; replies are retried, but customers are waiting.",
        ChannelTrouble.Silent => "No message has arrived since the channel was connected: check that the webhook URL and verify token are saved with the provider and the messages field is subscribed.",
        _ => "",
    };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task UpdateAsync(MessagingChannel channel,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ChannelHealthRecord>> set, CancellationToken ct)
    {
        if (await Records.Where(h => h.ChannelId == channel.Id).ExecuteUpdateAsync(set, ct) > 0) return;
        await EnsureAsync(channel, ct);
        await Records.Where(h => h.ChannelId == channel.Id).ExecuteUpdateAsync(set, ct);
    }

    private async Task AddEventAsync(MessagingChannel channel, ChannelHealthEventKind kind, DateTime at, CancellationToken ct)
    {
        db.ChannelHealthEvents.Add(new ChannelHealthEvent { ChannelId = channel.Id, WorkspaceId = channel.WorkspaceId, Kind = kind, At = at });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task EnsureAsync(MessagingChannel channel, CancellationToken ct)
    {
        if (await Records.AnyAsync(h => h.ChannelId == channel.Id, ct)) return;
        db.ChannelHealth.Add(new ChannelHealthRecord { ChannelId = channel.Id, WorkspaceId = channel.WorkspaceId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another delivery made the row first; the caller's update counts this one on it.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Opens <paramref name="trouble"/> if the channel has no open incident and <paramref name="when"/> holds; the one
    /// update that opens it also queues the owners' mail, in one transaction, so concurrent deliveries mail once.
    /// </summary>
    private async Task<bool> OpenAsync(MessagingChannel channel, ChannelTrouble trouble,
        System.Linq.Expressions.Expression<Func<ChannelHealthRecord, bool>> when, CancellationToken ct)
    {
        var now = Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var opened = await Records.Where(h => h.ChannelId == channel.Id && h.Trouble == ChannelTrouble.None).Where(when)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Trouble, trouble).SetProperty(h => h.TroubleSince, now), ct);
        if (opened == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        var lastError = await Records.Where(h => h.ChannelId == channel.Id).Select(h => h.LastError).SingleAsync(ct);
        var values = new Dictionary<string, string>
        {
            ["Channel"] = channel.Name,
            ["Provider"] = channel.Channel.Name(),
            ["Advice"] = Advice(trouble, channel.Channel),
            ["LastError"] = trouble == ChannelTrouble.Silent ? "none" : lastError ?? "none",
            ["ChannelsUrl"] = links.Link("/channels"),
        };
        foreach (var to in await db.OwnerEmailsAsync(channel.WorkspaceId, ct)) outbox.Queue(to, "channel-trouble", values);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>
/// When this process last wrote a channel's good delivery (fresh last-inbound time, no bad signatures in a row), so the
/// deliveries after it within <see cref="ChannelHealth.InboundResolution"/> skip the database altogether: on a busy
/// channel those two statements per webhook cost more than the rest of the webhook. A bad signature seen here forgets
/// it at once; one seen by another process is reset by this one's next write, at most that resolution later.
/// </summary>
public sealed class ChannelInboundMemo
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, DateTime> _recorded = new();

    public bool RecordedSince(Guid channelId, DateTime since) => _recorded.TryGetValue(channelId, out var at) && at >= since;

    public void Recorded(Guid channelId, DateTime at) => _recorded[channelId] = at;

    public void Forget(Guid channelId) => _recorded.TryRemove(channelId, out _);
}
