namespace Streamline.Core.Billing;

/// <summary>
/// A Stripe event exactly as received (after its signature was verified), stored once by its id. The
/// webhook answers as soon as this row is written; <see cref="ApplyStripeEvent"/> applies it later.
/// The id dedupes deliveries of one event; business effects are keyed by session / invoice / charge,
/// because Stripe reports one purchase through several events with different ids.
/// </summary>
public class StripeEventRecord
{
    /// <summary>Stripe's event id, e.g. <c>evt_1Q…</c>.</summary>
    public required string Id { get; set; }

    public required string Type { get; set; }
    public string? ApiVersion { get; set; }

    /// <summary>When Stripe created the event: orders out-of-order subscription updates.</summary>
    public DateTime StripeCreatedAt { get; set; }

    public required string Payload { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>A worker applying it holds it until then; a crashed worker's claim simply runs out.</summary>
    public DateTime? LockedUntil { get; set; }

    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>What applying it did, in a sentence, shown at /admin/billing/events.</summary>
    public string? Outcome { get; set; }
}
