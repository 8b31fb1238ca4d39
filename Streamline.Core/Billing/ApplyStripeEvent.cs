using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;
using Stripe;
using Streamline.Core.Audit;

namespace Streamline.Core.Billing;

/// <summary>
/// Applies one stored event. A lease (<see cref="StripeEventRecord.LockedUntil"/>, taken with a
/// conditional UPDATE) makes concurrent runs of the same event do the work once; the effects are
/// keyed by session / invoice / charge, so even a run after a crash mid-way cannot apply twice.
/// </summary>
public sealed class ApplyStripeEvent(
    StreamlineDbContext db, StripeFulfilment fulfilment, IBackgroundJobClient jobs, EmailOutbox outbox, PublicUrl links, TimeProvider clock,
    ILogger<ApplyStripeEvent> log)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Tries per event. One that arrived before the event it depends on retries within seconds to minutes
    /// (about an hour in all) and then gives up with that outcome. One whose fulfilment keeps throwing
    /// waits longer between tries (up to an hour, about a day in all), then is left for an operator: it
    /// stays unapplied, admins are e-mailed once, and /admin/billing/events offers a retry. Retrying
    /// forever would only bury the bug in the logs.
    /// </summary>
    public const int MaxAttempts = 25;


    public async Task RunAsync(string eventId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.StripeEvents
            .Where(e => e.Id == eventId && e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now) && e.Attempts < MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntil, now + Lease).SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
        if (claimed == 0) return; // applied already, another worker holds it, resting after a failure, or used up

        var record = await db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == eventId, ct);
        string outcome;
        try
        {
            // Events of another API version are accepted on purpose (refusing them would make Stripe
            // retry for days); fulfilment reads only fields that are stable since the 2025 "basil" shape.
            var stripeEvent = EventUtility.ParseEvent(record.Payload, throwOnApiVersionMismatch: false);
            outcome = await fulfilment.ApplyAsync(stripeEvent, ct);
        }
        catch (StripeEventNotReadyException e)
        {
            // E.g. a refund before its purchase: Stripe does not promise order, so this normally resolves within seconds.
            await RecordFailureAsync(record, e.Message, TimeSpan.FromSeconds(Math.Min(300, record.Attempts * record.Attempts)));
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Applying Stripe event {EventId} ({Type}) failed on try {Attempt}", eventId, record.Type, record.Attempts);
            await RecordFailureAsync(record, e.Message, TimeSpan.FromMinutes(Math.Min(60, record.Attempts * record.Attempts)));
            return;
        }

        await db.StripeEvents.Where(x => x.Id == eventId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.ProcessedAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(x => x.LockedUntil, (DateTime?)null)
            .SetProperty(x => x.LastError, (string?)null)
            .SetProperty(x => x.Outcome, Truncate(outcome, 500)), ct);
    }

    /// <summary>
    /// The lease doubles as "not before": nothing runs the event again until the wait has passed (a
    /// scheduled run then, the sweeper as a backstop). On the last allowed try the lease is dropped and
    /// the admins are told, once.
    /// </summary>
    private async Task RecordFailureAsync(StripeEventRecord record, string error, TimeSpan wait)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var givingUp = record.Attempts >= MaxAttempts;
        await db.StripeEvents.Where(x => x.Id == record.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LockedUntil, givingUp ? null : now + wait)
            .SetProperty(x => x.LastError, Truncate(error, 2000)), CancellationToken.None);
        if (!givingUp)
        {
            var eventId = record.Id;
            jobs.Schedule<ApplyStripeEvent>(j => j.RunAsync(eventId, CancellationToken.None), wait + TimeSpan.FromSeconds(1));
            return;
        }

        var values = new Dictionary<string, string>
        {
            ["EventId"] = record.Id, ["Type"] = record.Type, ["Attempts"] = record.Attempts.ToString(),
            ["Error"] = Truncate(error, 500), ["EventsUrl"] = links.Link("/admin/billing/events?waiting=true"),
        };
        foreach (var to in await db.AdminEmailsAsync(CancellationToken.None))
            outbox.Queue(to, "stripe-event-stuck", values);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>The event depends on another that has not been applied yet (Stripe does not promise order).</summary>
public sealed class StripeEventNotReadyException(string message) : Exception(message);

/// <summary>
/// Queues events that were stored but never applied (a lost enqueue, a crash, a failure whose backoff
/// has passed); events that used up <see cref="ApplyStripeEvent.MaxAttempts"/> wait for an operator.
/// </summary>
public sealed class SweepStripeEvents(StreamlineDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now.AddMinutes(-1);
        var due = await db.StripeEvents.AsNoTracking()
            .Where(e => e.ProcessedAt == null && e.ReceivedAt < stale && (e.LockedUntil == null || e.LockedUntil < now)
                        && e.Attempts < ApplyStripeEvent.MaxAttempts)
            .OrderBy(e => e.ReceivedAt).Select(e => e.Id).Take(200).ToListAsync(ct);
        foreach (var id in due)
            jobs.Enqueue<ApplyStripeEvent>(j => j.RunAsync(id, CancellationToken.None));
    }
}

/// <summary>An operator's "try again" for an event that used up its tries: a fresh count and an immediate run.</summary>
public sealed class RetryStripeEvent(StreamlineDbContext db, IBackgroundJobClient jobs, AuditTrail audit)
{
    public Task<bool> RunAsync(string eventId, CancellationToken ct) => RunAsync(eventId, null, ct);

    /// <summary>The reset and its audit entry commit together, before the job is queued, so the job sees the fresh count.</summary>
    public async Task<bool> RunAsync(string eventId, AuditActor? by, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var type = await db.StripeEvents
                .Where(e => e.Id == eventId && e.ProcessedAt == null && e.Attempts >= ApplyStripeEvent.MaxAttempts)
                .Select(e => e.Type).SingleOrDefaultAsync(ct);
            var reset = await db.StripeEvents
                .Where(e => e.Id == eventId && e.ProcessedAt == null && e.Attempts >= ApplyStripeEvent.MaxAttempts)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, 0).SetProperty(e => e.LockedUntil, (DateTime?)null), ct);
            if (reset == 0) return false;
            if (by is not null)
            {
                audit.Stage(by, AuditAction.StripeEventRetried, null, $"stripe-event:{eventId}", $"Retried Stripe event {eventId} ({type})");
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        jobs.Enqueue<ApplyStripeEvent>(j => j.RunAsync(eventId, CancellationToken.None));
        return true;
    }
}
