namespace Streamline.Core.Credits;

/// <summary>Returns expired credit holds to their wallets. Overlapping runs are harmless: each hold is claimed once.</summary>
public sealed class ReleaseExpiredReservations(CreditService credits, TimeProvider clock)
{
    public Task<int> RunAsync(CancellationToken ct) => credits.ReleaseExpiredAsync(clock.GetUtcNow().UtcDateTime, ct);
}
