namespace Streamline.Core.Channels.Health;

/// <summary>
/// Recurring (hourly): reports the live channels that have heard no webhook since they were connected, and forgets
/// failure events past their retention.
/// </summary>
public sealed class SweepSilentChannels(ChannelHealth health)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await health.SweepSilentAsync(ct);
        await health.ForgetOldEventsAsync(ct);
    }
}
