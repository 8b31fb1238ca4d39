using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;
using Stripe;

namespace Streamline.Core.Billing;

public enum WebhookOutcome { Accepted, Duplicate, BadSignature, Malformed }

public sealed record WebhookReceipt(WebhookOutcome Outcome, string? EventId = null, string? Problem = null)
{
    public bool IsAccepted => Outcome is WebhookOutcome.Accepted or WebhookOutcome.Duplicate;
}

/// <summary>
/// The one entrance for Stripe events, real or sandbox: verify the signature over the raw bytes, store
/// the event once by id, queue it, answer. Applying it is <see cref="ApplyStripeEvent"/>'s job, so
/// Stripe gets its 2xx in milliseconds and a slow or failing effect is retried by us, not by Stripe.
/// </summary>
public sealed class StripeWebhookReceiver(
    StreamlineDbContext db, IOptions<StripeOptions> options, IBackgroundJobClient jobs, TimeProvider clock,
    ILogger<StripeWebhookReceiver> log)
{
    /// <summary>Stripe's own default: a replayed delivery older than this is refused.</summary>
    public const long ToleranceSeconds = 300;

    public async Task<WebhookReceipt> ReceiveAsync(string body, string? signatureHeader, CancellationToken ct = default)
    {
        try
        {
            EventUtility.ValidateSignature(body, signatureHeader ?? "", options.Value.SigningSecret, ToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException e)
        {
            log.LogWarning("Stripe webhook refused: {Reason}", e.Message);
            return new(WebhookOutcome.BadSignature, Problem: "The Stripe-Signature header is missing, wrong or too old.");
        }

        if (Describe(body) is not { } described)
            return new(WebhookOutcome.Malformed, Problem: "The body is not a Stripe event (id, type, created and data.object are required).");

        // Most duplicates are plain redeliveries: answer them without provoking a unique-key violation.
        if (await db.StripeEvents.AsNoTracking().AnyAsync(e => e.Id == described.Id, ct))
            return new(WebhookOutcome.Duplicate, described.Id);

        var record = new StripeEventRecord
        {
            Id = described.Id,
            Type = described.Type,
            ApiVersion = described.ApiVersion,
            StripeCreatedAt = DateTimeOffset.FromUnixTimeSeconds(described.Created).UtcDateTime,
            Payload = body,
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.StripeEvents.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(record).State = EntityState.Detached;
            if (!await db.StripeEvents.AsNoTracking().AnyAsync(e => e.Id == record.Id, ct)) throw;
            // Stripe delivers at least once; the first copy is already stored (and queued).
            return new(WebhookOutcome.Duplicate, record.Id);
        }

        // If this enqueue is lost (crash right here), the sweeper finds the unapplied row.
        jobs.Enqueue<ApplyStripeEvent>(j => j.RunAsync(record.Id, CancellationToken.None));
        return new(WebhookOutcome.Accepted, record.Id);
    }

    private sealed record Described(string Id, string Type, long Created, string? ApiVersion);

    /// <summary>9999-12-31T23:59:59Z, the last second DateTimeOffset can hold: a later "created" is not a time.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>The envelope only; the object inside is read when the event is applied.</summary>
    private static Described? Describe(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || id.GetString() is not { Length: > 0 and <= 255 } eventId || !eventId.StartsWith("evt_", StringComparison.Ordinal)) return null;
            // Each value's kind is checked before it is read: JsonElement's getters throw on another kind, which
            // would turn a correctly signed but odd event into a 500.
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() is not { Length: > 0 and <= 100 } eventType) return null;
            if (!root.TryGetProperty("created", out var created) || created.ValueKind != JsonValueKind.Number
                || !created.TryGetInt64(out var createdAt) || createdAt is < 0 or > MaxUnixSeconds) return null;
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object) return null;
            var version = root.TryGetProperty("api_version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new(eventId, eventType, createdAt, version);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
