using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;
using Stripe;

namespace Streamline.Core.Billing;

/// <summary>
/// Applies one stored event. A lease (<see cref="StripeEventRecord.LockedUntil"/>, taken with a
/// conditional UPDATE) makes concurrent runs of the same event do the work once; the effects are
/// keyed by session / invoice / charge, so even a run after a crash mid-way cannot apply twice.
/// </summary>
public sealed class ApplyStripeEvent(
    StreamlineDbContext db, StripeFulfilment fulfilment, IBackgroundJobClient jobs, TimeProvider clock, ILogger<ApplyStripeEvent> log)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>An event that arrived before the one it depends on waits this many tries (about an hour) before we give up.</summary>
    public const int MaxNotReadyAttempts = 25;

    public async Task RunAsync(string eventId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.StripeEvents
            .Where(e => e.Id == eventId && e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntil, now + Lease).SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
        if (claimed == 0) return; // applied already, or another worker holds it

        var record = await db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == eventId, ct);
        string outcome;
        try
        {
            // Events of another API version are accepted on purpose (refusing them would make Stripe
            // retry for days); fulfilment reads only fields that are stable since the 2025 "basil" shape.
            var stripeEvent = EventUtility.ParseEvent(record.Payload, throwOnApiVersionMismatch: false);
            outcome = await fulfilment.ApplyAsync(stripeEvent, ct);
        }
        catch (StripeEventNotReadyException e) when (record.Attempts < MaxNotReadyAttempts)
        {
            // E.g. a refund applied before its purchase: try again shortly, outside Hangfire's long retry delays.
            var wait = TimeSpan.FromSeconds(Math.Min(300, record.Attempts * record.Attempts));
            db.ChangeTracker.Clear();
            await db.StripeEvents.Where(x => x.Id == eventId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LockedUntil, (DateTime?)null)
                .SetProperty(x => x.LastError, Truncate(e.Message, 2000)), CancellationToken.None);
            jobs.Schedule<ApplyStripeEvent>(j => j.RunAsync(eventId, CancellationToken.None), wait);
            return;
        }
        catch (StripeEventNotReadyException e)
        {
            outcome = $"Gave up after {record.Attempts} tries: {e.Message}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Applying Stripe event {EventId} ({Type}) failed", eventId, record.Type);
            db.ChangeTracker.Clear();
            await db.StripeEvents.Where(x => x.Id == eventId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LockedUntil, (DateTime?)null)
                .SetProperty(x => x.LastError, Truncate(e.Message, 2000)), CancellationToken.None);
            throw; // Hangfire retries with back-off; the sweeper is the backstop
        }

        await db.StripeEvents.Where(x => x.Id == eventId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.ProcessedAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(x => x.LockedUntil, (DateTime?)null)
            .SetProperty(x => x.LastError, (string?)null)
            .SetProperty(x => x.Outcome, Truncate(outcome, 500)), ct);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>The event depends on another that has not been applied yet (Stripe does not promise order).</summary>
public sealed class StripeEventNotReadyException(string message) : Exception(message);

/// <summary>Queues events that were stored but never applied (a lost enqueue, a crash, exhausted retries).</summary>
public sealed class SweepStripeEvents(StreamlineDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now.AddMinutes(-1);
        var due = await db.StripeEvents.AsNoTracking()
            .Where(e => e.ProcessedAt == null && e.ReceivedAt < stale && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.ReceivedAt).Select(e => e.Id).Take(200).ToListAsync(ct);
        foreach (var id in due)
            jobs.Enqueue<ApplyStripeEvent>(j => j.RunAsync(id, CancellationToken.None));
    }
}
