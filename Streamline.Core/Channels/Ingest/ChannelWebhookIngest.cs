using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Channels.Ingest;

/// <summary>
/// What a webhook request does with a verified delivery: one received row per message (<see cref="ChannelInboundWriter"/>,
/// redeliveries ignored), the status callbacks applied, the pump woken, and back to answer 200. Nothing here reads or
/// writes the customer's identity or conversation: that, the chat turn and the sends are the pump's.
/// </summary>
public sealed class ChannelWebhookIngest(ChannelInboundWriter writer, ChannelInboundSignal signal, IServiceProvider services, TimeProvider clock)
    : IChannelIngest
{
    public async Task<ChannelIngestResult> AcceptAsync(MessagingChannel channel, ChannelWebhookBatch batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = batch.Messages.Select(m => ChannelInbound.From(channel, m, now)).ToList();
        var written = await writer.InsertAsync(rows);
        var stored = rows.Count(r => written.Contains(r.Id));
        if (stored > 0) signal.Wake();
        // Resolved only for a delivery that has status callbacks: the ingest's dependencies are the whole chat's.
        var statuses = batch.Statuses.Count == 0 ? 0
            : await services.GetRequiredService<ChannelIngest>().ApplyStatusesAsync(channel, batch.Statuses, ct);
        return new ChannelIngestResult(stored, rows.Count - stored, statuses);
    }
}

/// <summary>
/// Wakes this process's pump the moment a webhook stored something, so a message waits for no poll when the web app runs
/// the pump itself; a separate Workers process finds it at its next poll (<see cref="ChannelInboundPump.IdlePoll"/>).
/// </summary>
public sealed class ChannelInboundSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount > 0) return;
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken already.
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
