using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Ai;
using Streamline.Core.Billing;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Core.Monitoring;

/// <summary>
/// One figure of a tile. <paramref name="Metric"/> and <paramref name="Labels"/> name it on /metrics (every figure of one
/// metric has the same label names); <paramref name="Display"/> replaces the number on the page when it needs a unit.
/// </summary>
public sealed record MonitoringFigure(string Label, double Value, string Metric, IReadOnlyDictionary<string, string>? Labels = null, string? Display = null)
{
    public string Shown => Display ?? Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A tile of /admin/monitoring; <paramref name="Alert"/> turns it red. <paramref name="Alerts"/> says why.</summary>
public sealed record MonitoringTile(string Key, string Title, IReadOnlyList<MonitoringFigure> Figures, IReadOnlyList<string> Alerts, string? Note = null)
{
    public bool Alert => Alerts.Count > 0;
}

public sealed record MonitoringSnapshot(DateTime TakenAt, IReadOnlyList<MonitoringTile> Tiles)
{
    public IEnumerable<MonitoringTile> Red => Tiles.Where(t => t.Alert);
}

/// <summary>
/// Reads the platform's health at one moment: the database, Hangfire's servers and queues (through its monitoring API),
/// the Stripe event backlog, the mail outbox, the AI replies stored as chat messages, channel webhooks and service runs. The page, /metrics and the
/// alerting job all read this one snapshot, so they agree.
/// </summary>
public sealed class MonitoringReport(StreamlineDbContext db, JobStorage storage, IOptionsMonitor<MonitoringOptions> options, TimeProvider clock,
    AiCallTimings timings)
{
    /// <summary>A Hangfire server whose last heartbeat is older than this is counted as gone.</summary>
    public static readonly TimeSpan ServerHeartbeat = TimeSpan.FromMinutes(1);

    public async Task<MonitoringSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.CurrentValue;
        var reachable = await ReachableAsync(ct);
        var (jobs, serversAlive) = JobsOrUnreachable(now, o);
        var tiles = new List<MonitoringTile> { Health(reachable, serversAlive), jobs };
        if (reachable)
        {
            tiles.Add(await StripeAsync(o, ct));
            tiles.Add(await MailAsync(o, ct));
            tiles.Add(await AiAsync(now, o, ct));
            tiles.Add(await ChannelsAsync(now, o, ct));
            tiles.Add(await ServiceRunsAsync(now, o, ct));
        }
        return new MonitoringSnapshot(now, tiles);
    }

    private async Task<bool> ReachableAsync(CancellationToken ct)
    {
        try { return await db.Database.CanConnectAsync(ct); }
        catch (Exception) when (!ct.IsCancellationRequested) { return false; }
    }

    private static MonitoringTile Health(bool reachable, int serversAlive)
    {
        var alerts = new List<string>();
        if (!reachable) alerts.Add("The database cannot be reached.");
        if (serversAlive == 0) alerts.Add("No background job server has sent a heartbeat in the last minute.");
        return new("health", "Health",
        [
            new("Database", reachable ? 1 : 0, "database_up", Display: reachable ? "reachable" : "unreachable"),
            new("Job servers alive", serversAlive, "job_servers_alive"),
        ], alerts);
    }

    /// <summary>Hangfire's storage may be the database that is down: the page must still answer, with the tile red.</summary>
    private (MonitoringTile Tile, int ServersAlive) JobsOrUnreachable(DateTime now, MonitoringOptions o)
    {
        try
        {
            var tile = Jobs(now, o, out var serversAlive);
            return (tile, serversAlive);
        }
        catch (Exception e)
        {
            return (new("jobs", "Background jobs", [], [$"The job storage cannot be read: {e.GetType().Name}."]), 0);
        }
    }

    private MonitoringTile Jobs(DateTime now, MonitoringOptions o, out int serversAlive)
    {
        var api = storage.GetMonitoringApi();
        var stats = api.GetStatistics();
        serversAlive = api.Servers().Count(s => s.Heartbeat is { } beat && now - beat < ServerHeartbeat);
        var figures = new List<MonitoringFigure>
        {
            new("Processing", stats.Processing, "jobs_processing"),
            new("Failed", stats.Failed, "jobs_failed"),
            new("Retrying", stats.Retries ?? 0, "jobs_retrying"),
            new("Scheduled", stats.Scheduled, "jobs_scheduled"),
        };
        var alerts = new List<string>();
        DateTime? oldest = null;
        foreach (var queue in api.Queues().OrderBy(q => q.Name))
        {
            figures.Add(new($"Enqueued · {queue.Name}", queue.Length, "jobs_enqueued", new Dictionary<string, string> { ["queue"] = queue.Name }));
            var first = queue.FirstJobs.Select(j => j.Value?.EnqueuedAt).Where(at => at is not null).Min();
            if (first is { } at && (oldest is null || at < oldest)) oldest = at;
        }
        var waitingSeconds = oldest is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0;
        figures.Add(new("Oldest waiting", Math.Round(waitingSeconds), "jobs_oldest_waiting_seconds", Display: oldest is null ? "none" : Duration(waitingSeconds)));

        if (stats.Enqueued > o.MaxEnqueuedJobs) alerts.Add($"{stats.Enqueued} jobs enqueued (more than {o.MaxEnqueuedJobs}).");
        if (stats.Failed > o.MaxFailedJobs) alerts.Add($"{stats.Failed} failed jobs (more than {o.MaxFailedJobs}).");
        if (waitingSeconds > o.MaxOldestWaitingMinutes * 60.0) alerts.Add($"A job has waited {Duration(waitingSeconds)} (more than {o.MaxOldestWaitingMinutes} min).");
        return new("jobs", "Background jobs", figures, alerts);
    }

    private async Task<MonitoringTile> StripeAsync(MonitoringOptions o, CancellationToken ct)
    {
        var unprocessed = db.StripeEvents.Where(e => e.ProcessedAt == null);
        var failed = await unprocessed.CountAsync(e => e.Attempts >= ApplyStripeEvent.MaxAttempts, ct);
        var waiting = await unprocessed.CountAsync(ct) - failed;
        var alerts = new List<string>();
        if (waiting > o.MaxStripeEventsWaiting) alerts.Add($"{waiting} Stripe events waiting (more than {o.MaxStripeEventsWaiting}).");
        if (failed > o.MaxStripeEventsFailed) alerts.Add($"{failed} Stripe events gave up (more than {o.MaxStripeEventsFailed}); retry them at Stripe events.");
        return new("stripe", "Stripe events",
        [
            new("Waiting", waiting, "stripe_events_waiting"),
            new("Gave up", failed, "stripe_events_failed"),
        ], alerts);
    }

    private async Task<MonitoringTile> MailAsync(MonitoringOptions o, CancellationToken ct)
    {
        var counts = await db.EmailMessages.Where(m => m.Status != EmailStatus.Sent)
            .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var pending = counts.Where(c => c.Key == EmailStatus.Pending).Sum(c => c.Count);
        var failed = counts.Where(c => c.Key == EmailStatus.Failed).Sum(c => c.Count);
        var alerts = new List<string>();
        if (pending > o.MaxMailPending) alerts.Add($"{pending} mails pending (more than {o.MaxMailPending}).");
        if (failed > o.MaxMailFailed) alerts.Add($"{failed} mails failed (more than {o.MaxMailFailed}).");
        return new("mail", "E-mail outbox",
        [
            new("Pending", pending, "mail_pending"),
            new("Failed", failed, "mail_failed"),
        ], alerts);
    }

    /// <summary>
    /// AI calls as the app stores them: each AI reply is a chat message with its model, tokens and cost. A failed call
    /// leaves no row of its own, only another attempt on the visitor's message, so errors are counted as retried replies.
    /// Latency and provider errors come from <see cref="AiCallTimings"/>: every call this process made, timed.
    /// </summary>
    private async Task<MonitoringTile> AiAsync(DateTime now, MonitoringOptions o, CancellationToken ct)
    {
        var figures = new List<MonitoringFigure>();
        var retriesLastHour = 0;
        var (errorsLastHour, callsLastHour, p95LastHour) = (0, 0, 0.0);
        foreach (var (window, since) in new[] { ("hour", now.AddHours(-1)), ("day", now.AddDays(-1)) })
        {
            var messages = db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).Where(m => m.CreatedAt >= since);
            var byModel = await messages.Where(m => m.Sender == MessageSender.Ai && m.Model != null)
                .GroupBy(m => m.Model!)
                .Select(g => new { Model = g.Key, Calls = g.Count(), In = g.Sum(m => (long)m.InputTokens), Out = g.Sum(m => (long)m.OutputTokens), Cost = g.Sum(m => m.CostMillicredits) })
                .ToListAsync(ct);
            var retried = await messages.CountAsync(m => m.Sender == MessageSender.Visitor && m.ReplyAttempts > 1, ct);
            if (window == "hour") retriesLastHour = retried;
            var last = window == "hour" ? "last hour" : "last day";
            figures.Add(new($"Retried replies · {last}", retried, "ai_retried_replies", new Dictionary<string, string> { ["window"] = window }));
            foreach (var m in byModel.OrderBy(m => m.Model))
            {
                var labels = new Dictionary<string, string> { ["window"] = window, ["model"] = m.Model };
                figures.Add(new($"{m.Model} · {last} · calls", m.Calls, "ai_calls", labels));
                figures.Add(new($"{m.Model} · {last} · tokens in / out", m.In + m.Out, "ai_tokens", labels, $"{m.In:N0} / {m.Out:N0}"));
                figures.Add(new($"{m.Model} · {last} · credits", m.Cost / 1000.0, "ai_credits", labels,
                    Credits.CreditAmount.Credits(m.Cost)));
            }
            foreach (var calls in timings.Since(since).GroupBy(c => c.Model).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var errors = calls.Count(c => c.Failed);
                var answered = calls.Where(c => !c.Failed).Select(c => c.Seconds).Order().ToList();
                var labels = new Dictionary<string, string> { ["window"] = window, ["model"] = calls.Key };
                figures.Add(new($"{calls.Key} · {last} · provider errors", errors, "ai_provider_errors", labels));
                foreach (var q in new[] { 50, 95, 99 })
                {
                    var seconds = AiCallTimings.Percentile(answered, q);
                    figures.Add(new($"{calls.Key} · {last} · latency p{q}", Math.Round(seconds, 3), "ai_latency_seconds",
                        new Dictionary<string, string>(labels) { ["quantile"] = (q / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                        answered.Count == 0 ? "none" : $"{seconds:0.00} s"));
                }
                if (window == "hour")
                {
                    errorsLastHour += errors;
                    callsLastHour += answered.Count;
                    p95LastHour = Math.Max(p95LastHour, AiCallTimings.Percentile(answered, 95));
                }
            }
        }
        var alerts = new List<string>();
        if (retriesLastHour > o.MaxAiRetriesLastHour) alerts.Add($"{retriesLastHour} AI replies needed another attempt in the last hour (more than {o.MaxAiRetriesLastHour}).");
        if (errorsLastHour > o.MaxAiProviderErrorsLastHour)
            alerts.Add($"{errorsLastHour} AI provider calls failed in the last hour (more than {o.MaxAiProviderErrorsLastHour}).");
        // A handful of calls says little about a provider's latency: one slow answer should not page anyone.
        if (callsLastHour >= MonitoringOptions.LatencyAlertMinimumCalls && p95LastHour > o.MaxAiLatencyP95Seconds)
            alerts.Add($"AI answers took {p95LastHour:0.0} s at the 95th percentile in the last hour (more than {o.MaxAiLatencyP95Seconds} s).");
        return new("ai", "AI provider calls", figures, alerts,
            "Latency (to the whole answer) and provider errors are timed by this web process since it started; calls made by a separate " +
            "Workers process are not included. A retried reply is a visitor message that needed more than one attempt (a provider error or a lost worker).");
    }

    /// <summary>
    /// Channel webhooks across every workspace: messages received, bad signatures and provider errors over the last hour
    /// and day (failures from <see cref="ChannelHealthEvent"/> rows, since the health row keeps only totals), the outbound
    /// queue, and the connected channels with an open incident, which their owners were mailed about.
    /// </summary>
    private async Task<MonitoringTile> ChannelsAsync(DateTime now, MonitoringOptions o, CancellationToken ct)
    {
        var dayAgo = now.AddDays(-1);
        var hourAgo = now.AddHours(-1);
        var messages = db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace);
        var inbound = messages.Where(m => m.Direction == ChannelDirection.Inbound && m.CreatedAt >= dayAgo);
        var receivedDay = await inbound.CountAsync(ct);
        var receivedHour = await inbound.CountAsync(m => m.CreatedAt >= hourAgo, ct);
        var events = await db.ChannelHealthEvents.IgnoreQueryFilters(QueryFilters.Workspace).Where(e => e.At >= dayAgo)
            .GroupBy(e => new { e.Kind, LastHour = e.At >= hourAgo }).Select(g => new { g.Key.Kind, g.Key.LastHour, Count = g.Count() })
            .ToListAsync(ct);
        int Events(ChannelHealthEventKind kind, bool hourOnly) => events.Where(e => e.Kind == kind && (e.LastHour || !hourOnly)).Sum(e => e.Count);
        var queued = messages.Where(m => m.Direction == ChannelDirection.Outbound && m.State == ChannelDeliveryState.Queued);
        var queuedCount = await queued.CountAsync(ct);
        var oldestQueued = queuedCount == 0 ? null : await queued.MinAsync(m => (DateTime?)m.CreatedAt, ct);
        var troubled = await (from c in db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace)
                              join h in db.ChannelHealth.IgnoreQueryFilters(QueryFilters.Workspace) on c.Id equals h.ChannelId
                              join w in db.Workspaces on c.WorkspaceId equals w.Id
                              where c.Connection == ChannelConnection.Connected && h.Trouble != ChannelTrouble.None
                              orderby h.TroubleSince
                              select new { Workspace = w.Name, c.Name, h.Trouble }).ToListAsync(ct);

        var (signaturesHour, errorsHour) = (Events(ChannelHealthEventKind.BadSignature, true), Events(ChannelHealthEventKind.ProviderError, true));
        var waitingSeconds = oldestQueued is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0;
        var alerts = new List<string>();
        if (signaturesHour > o.MaxChannelSignatureFailuresLastHour)
            alerts.Add($"{signaturesHour} channel webhooks were refused for their signature in the last hour (more than {o.MaxChannelSignatureFailuresLastHour}).");
        if (errorsHour > o.MaxChannelProviderErrorsLastHour)
            alerts.Add($"{errorsHour} channel sends failed at the provider in the last hour (more than {o.MaxChannelProviderErrorsLastHour}).");
        if (queuedCount > o.MaxChannelOutboundQueued)
            alerts.Add($"{queuedCount} channel messages are waiting to be sent (more than {o.MaxChannelOutboundQueued}).");
        if (waitingSeconds > o.MaxChannelOldestQueuedMinutes * 60.0)
            alerts.Add($"A channel message has waited {Duration(waitingSeconds)} to be sent (more than {o.MaxChannelOldestQueuedMinutes} min).");
        if (troubled.Count > o.MaxChannelsInTrouble)
            alerts.Add($"{troubled.Count} channels are in trouble (more than {o.MaxChannelsInTrouble}).");

        Dictionary<string, string> Window(string window) => new() { ["window"] = window };
        var note = troubled.Count == 0 ? null
            : "In trouble: " + string.Join("; ", troubled.Take(5).Select(t => $"{t.Workspace} · {t.Name} ({ChannelHealth.Describe(t.Trouble)})"))
              + (troubled.Count > 5 ? $"; and {troubled.Count - 5} more." : ".");
        return new("channels", "Channel webhooks",
        [
            new("Messages received · last hour", receivedHour, "channel_messages_received", Window("hour")),
            new("Messages received · last day", receivedDay, "channel_messages_received", Window("day")),
            new("Rejected signatures · last hour", signaturesHour, "channel_signature_failures", Window("hour")),
            new("Rejected signatures · last day", Events(ChannelHealthEventKind.BadSignature, false), "channel_signature_failures", Window("day")),
            new("Provider send errors · last hour", errorsHour, "channel_provider_errors", Window("hour")),
            new("Provider send errors · last day", Events(ChannelHealthEventKind.ProviderError, false), "channel_provider_errors", Window("day")),
            new("Outbound queued", queuedCount, "channel_outbound_queued"),
            new("Oldest queued", Math.Round(waitingSeconds), "channel_outbound_oldest_queued_seconds", Display: oldestQueued is null ? "none" : Duration(waitingSeconds)),
            new("Channels in trouble", troubled.Count, "channels_in_trouble"),
        ], alerts, note);
    }

    /// <summary>Automation service runs: what is going now, and how the last hour and day ended.</summary>
    private async Task<MonitoringTile> ServiceRunsAsync(DateTime now, MonitoringOptions o, CancellationToken ct)
    {
        var runs = db.ServiceRuns.IgnoreQueryFilters(QueryFilters.Workspace);
        var dayAgo = now.AddDays(-1);
        var hourAgo = now.AddHours(-1);
        var going = await runs.Where(r => r.Status == Automation.ServiceRunStatus.Queued || r.Status == Automation.ServiceRunStatus.Running)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var ended = await runs.Where(r => r.FinishedAt >= dayAgo)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var failedLastHour = await runs.CountAsync(r => r.Status == Automation.ServiceRunStatus.Failed && r.FinishedAt >= hourAgo, ct);
        var queued = going.Where(c => c.Key == Automation.ServiceRunStatus.Queued).Sum(c => c.Count);
        var running = going.Where(c => c.Key == Automation.ServiceRunStatus.Running).Sum(c => c.Count);
        var succeeded = ended.Where(c => c.Key == Automation.ServiceRunStatus.Succeeded).Sum(c => c.Count);
        var failed = ended.Where(c => c.Key == Automation.ServiceRunStatus.Failed).Sum(c => c.Count);
        var alerts = new List<string>();
        if (failedLastHour > o.MaxServiceRunsFailedLastHour)
            alerts.Add($"{failedLastHour} service runs failed in the last hour (more than {o.MaxServiceRunsFailedLastHour}).");
        return new("services", "Automation service runs",
        [
            new("Queued", queued, "service_runs_queued"),
            new("Running", running, "service_runs_running"),
            new("Succeeded · last day", succeeded, "service_runs_succeeded_last_day"),
            new("Failed · last day", failed, "service_runs_failed_last_day"),
            new("Failed · last hour", failedLastHour, "service_runs_failed_last_hour"),
        ], alerts);
    }

    private static string Duration(double seconds) => seconds switch
    {
        < 60 => $"{seconds:0} s",
        < 3600 => $"{seconds / 60:0} min",
        _ => $"{seconds / 3600:0.#} h",
    };
}
