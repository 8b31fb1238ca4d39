namespace Streamline.Core.Channels.Health;

/// <summary>Recurring (hourly): reports the live channels that have heard no webhook since they were connected.</summary>
public sealed class SweepSilentChannels(ChannelHealth health)
{
    public Task RunAsync(CancellationToken ct) => health.SweepSilentAsync(ct);
}
