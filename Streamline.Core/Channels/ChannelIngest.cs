namespace Streamline.Core.Channels;

/// <summary>
/// Takes what a verified webhook delivery carried for <paramref name="channel"/>: stores each inbound message once (by
/// its provider id, however often and however concurrently it is redelivered), applies status callbacks, queues the
/// chat turn in the background, and returns fast so the endpoint can answer 200.
/// </summary>
public interface IChannelIngest
{
    Task<ChannelIngestResult> AcceptAsync(MessagingChannel channel, ChannelWebhookBatch batch, CancellationToken ct);
}

/// <param name="Stored">Messages stored for the first time.</param>
/// <param name="Duplicates">Messages already stored (redeliveries), ignored.</param>
/// <param name="Statuses">Status callbacks applied.</param>
public sealed record ChannelIngestResult(int Stored, int Duplicates, int Statuses);
