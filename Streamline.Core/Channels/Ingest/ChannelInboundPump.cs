using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Ingest;

/// <summary>
/// Turns received messages into answered conversations, in every process that runs background work (the web app with
/// <c>Workers:InProcess</c>, each Streamline.Workers): claims rows (<see cref="ChannelInboundClaims"/>), and for each
/// stores the message in its conversation, fetches its media, runs the chat turn and sends the reply
/// (<see cref="ProcessChannelInbound"/>). Woken by this process's webhooks (<see cref="ChannelInboundSignal"/>), else it
/// looks every <see cref="ChannelOptions.PumpPollMs"/>. Its claims are leases, so the same loop is the sweep: a row whose
/// pump died (mid-store, mid-media, mid-turn) is claimed again once its lease passes, and carries on from where it was.
/// </summary>
public sealed class ChannelInboundPump(IServiceScopeFactory scopes, ChannelInboundSignal signal, IOptions<ChannelOptions> options, TimeProvider clock,
    ILogger<ChannelInboundPump> log)
{
    /// <summary>Long enough for a slow model's turn; a row held longer is taken to be a dead pump's.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>A row that failed this many times is given up (kept, with its error), so its customer's next messages go on.</summary>
    public const int MaxAttempts = 5;

    private int Parallelism => Math.Max(1, options.Value.PumpParallelism);
    public TimeSpan IdlePoll => TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PumpPollMs));
    private TimeSpan Settle => TimeSpan.FromMilliseconds(Math.Max(0, options.Value.PumpSettleMs));

    /// <summary>Claims what is claimable now and processes it; returns how many rows it claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(Parallelism * 4, ct);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (id, token) => await ProcessAsync(id, token));
        return claimed.Count;
    }

    /// <summary>Until <paramref name="stopping"/>: claims as many rows as it has free hands, so one slow turn holds up no other customer.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var hands = new SemaphoreSlim(Parallelism, Parallelism);
        var running = new HashSet<Task>();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var claimed = hands.CurrentCount == 0 ? [] : await ClaimAsync(hands.CurrentCount, stopping);
                foreach (var id in claimed)
                {
                    // Never waits (it claimed no more than the free hands), and is not cancelled: a row claimed as the process
                    // stops still goes to ProcessAsync, which hands it back.
                    await hands.WaitAsync(CancellationToken.None);
                    var task = Task.Run(async () =>
                    {
                        try
                        {
                            await ProcessAsync(id, stopping);
                        }
                        finally
                        {
                            hands.Release();
                            // Its customer's next message may be claimable now.
                            signal.Wake();
                        }
                    }, CancellationToken.None);
                    lock (running) running.Add(task);
                    _ = task.ContinueWith(t => { lock (running) running.Remove(t); }, TaskScheduler.Default);
                }
                if (claimed.Count == 0) await signal.WaitAsync(IdlePoll, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Claiming received channel messages failed");
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
        Task[] left;
        lock (running) left = [.. running];
        await Task.WhenAll(left).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<IReadOnlyList<Guid>> ClaimAsync(int take, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChannelInboundClaims>()
            .ClaimAsync(take, clock.GetUtcNow().UtcDateTime, Lease, Settle, ct);
    }

    private async Task ProcessAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProcessChannelInbound>().RunAsync(id, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Processing received channel message {Id} failed", id);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProcessChannelInbound>().FailedAsync(id, e, CancellationToken.None);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The process is stopping (a deploy, a restart): the row goes back at once rather than at the end of its lease,
            // so its customer waits for the next pump, not five minutes. Running it again from the start is safe.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProcessChannelInbound>().ReleaseAsync(id, CancellationToken.None);
        }
    }
}

/// <summary>One received message, from the row to the reply sent. Safe to run again after dying at any point.</summary>
public sealed class ProcessChannelInbound(StreamlineDbContext db, ChannelIngest ingest, ChatTurn turn, SendChannelMessages send,
    FetchChannelMedia media, IBackgroundJobClient jobs, TimeProvider clock, ILogger<ProcessChannelInbound> log)
{
    private IQueryable<ChannelInbound> Rows => db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace);
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task RunAsync(Guid inboundId, CancellationToken ct)
    {
        var row = await Rows.AsNoTracking().SingleOrDefaultAsync(r => r.Id == inboundId, ct);
        if (row is null || row.ProcessedAt is not null) return;
        if (row.Attempts > ChannelInboundPump.MaxAttempts)
        {
            await DoneAsync(inboundId, row.Error ?? "Given up after repeated failures.", ct);
            return;
        }
        var channel = await db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(c => c.Id == row.ChannelId, ct);

        var stored = await ingest.StoreAsync(channel, row.Message(), row.Id, ct);
        if (stored.HasMedia)
        {
            try
            {
                await media.RunAsync(stored.ChannelMessageId, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The provider's hiccup: the media job retries it with backoff, and the answer need not wait for it.
                log.LogWarning(e, "Fetching the media of channel message {Id} failed; retrying in the background", stored.ChannelMessageId);
                jobs.Enqueue<FetchChannelMedia>(j => j.RunAsync(stored.ChannelMessageId, CancellationToken.None));
            }
            db.ChangeTracker.Clear();
        }
        if (stored is { AwaitsAi: true, ChatMessageId: { } messageId })
        {
            // Answered once whoever runs it (the turn leases its message); a failed turn is the awaiting-replies sweeper's.
            try
            {
                await AnswerAsync(stored.ConversationId, messageId, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(e, "The chat turn for channel message {Id} failed", stored.ChannelMessageId);
            }
            db.ChangeTracker.Clear();
            await send.QueueConversationAsync(stored.ConversationId, ct);
        }
        await DoneAsync(inboundId, null, ct);
    }

    /// <summary>The turn, whose reply this method sends right after (<see cref="ChannelSendsInline"/>): no send job is queued for it.</summary>
    private async Task AnswerAsync(Guid conversationId, Guid messageId, CancellationToken ct)
    {
        ChannelSendsInline.Begin(conversationId);
        await turn.AnswerAsync(conversationId, messageId, null, ct);
    }

    /// <summary>Lets the row go after a failure: claimed again after a backoff, up to <see cref="ChannelInboundPump.MaxAttempts"/>.</summary>
    public async Task FailedAsync(Guid inboundId, Exception error, CancellationToken ct)
    {
        var attempts = await Rows.Where(r => r.Id == inboundId).Select(r => r.Attempts).SingleOrDefaultAsync(ct);
        var backoff = TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, attempts)));
        var message = error.Message.Length <= 1000 ? error.Message : error.Message[..1000];
        await Rows.Where(r => r.Id == inboundId && r.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, Now + backoff).SetProperty(r => r.Error, message), ct);
    }

    /// <summary>Hands an unfinished row back, claimable at once; the interrupted attempt does not count.</summary>
    public Task ReleaseAsync(Guid inboundId, CancellationToken ct) =>
        Rows.Where(r => r.Id == inboundId && r.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, (DateTime?)null).SetProperty(r => r.Attempts, r => r.Attempts - 1), ct);

    private Task DoneAsync(Guid inboundId, string? error, CancellationToken ct) =>
        Rows.Where(r => r.Id == inboundId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ProcessedAt, Now).SetProperty(r => r.LeaseUntil, (DateTime?)null)
            .SetProperty(r => r.Error, error), ct);
}

/// <summary>Runs the pump for as long as the process runs background work.</summary>
internal sealed class ChannelInboundPumpService(ChannelInboundPump pump) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => pump.RunAsync(stoppingToken);
}
