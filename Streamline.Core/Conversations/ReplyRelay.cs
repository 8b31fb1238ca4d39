using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Streamline.Core.Conversations;

/// <summary>
/// The AI replies this process is writing. A reply starts the moment the visitor's message is stored, so the model is
/// already at work while the post's answer travels back and the browser opens the stream; the stream then follows it,
/// getting what was written so far and then the rest. The reply is written and stored whether or not anyone follows.
/// A stream that finds nothing here (the reply is finished, or another instance is writing it) falls back to the
/// stored answer or to answering itself (<see cref="ChatTurn.AnswerAsync"/>).
/// </summary>
public sealed class ReplyRelay(IServiceScopeFactory scopes, ILogger<ReplyRelay> logger) : IAsyncDisposable
{
    /// <summary>
    /// A finished reply stays this long, so a stream that opens after the model was done (a quick model, a slow browser)
    /// still plays it as it was written instead of jumping straight to the stored message.
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, replies under way get this long to finish and be stored; the sweeper answers any cut off.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, Reply> _replies = new();

    /// <summary>
    /// Starts answering <paramref name="claimed"/>, a visitor message stored with its reply lease already taken, from
    /// <paramref name="start"/> when what the turn needs was read with it.
    /// </summary>
    public void Start(ChatMessage claimed, TurnStart? start = null)
    {
        // A copy: the stored entity stays with the request that saved it.
        var message = new ChatMessage
        {
            Id = claimed.Id, WorkspaceId = claimed.WorkspaceId, ConversationId = claimed.ConversationId, Sequence = claimed.Sequence,
            Sender = claimed.Sender, Text = claimed.Text, ReplyState = claimed.ReplyState, ReplyAttempts = claimed.ReplyAttempts,
            ReplyLeaseUntil = claimed.ReplyLeaseUntil, CreatedAt = claimed.CreatedAt,
        };
        Start(message.Id, async onText =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AiResponder>().AnswerClaimedAsync(message, onText, CancellationToken.None, start);
        });
    }

    /// <summary>
    /// Starts a reply that <paramref name="write"/> produces, handing each piece of text to the function it is given.
    /// The chat benchmark's floor relays a bare model call through here, so both measure the same relay.
    /// </summary>
    public void Start(Guid messageId, Func<Func<string, Task>, Task<ReplyResult>> write)
    {
        var reply = new Reply();
        _replies[messageId] = reply;
        // Started here, not queued to the thread pool: the turn's first steps (the prompt, the model's request) begin at once
        // instead of waiting behind the pool's other work (3-9 ms at p99 under the chat bench). The post's answer waits for
        // that first synchronous stretch, which on SQLite (whose calls complete synchronously) runs up to the model call.
        reply.Running = WriteAsync(messageId, write, reply);
    }

    /// <summary>
    /// Follows the reply to <paramref name="messageId"/> if this process is writing it: <paramref name="onText"/> gets every
    /// piece of text, the first ones at once, and the result comes when it is stored. Null when it is not being written here.
    /// </summary>
    public Task<ReplyResult>? Follow(Guid messageId, Func<string, Task> onText, CancellationToken ct) =>
        _replies.TryGetValue(messageId, out var reply) ? reply.FollowAsync(onText, ct) : null;

    private async Task WriteAsync(Guid messageId, Func<Func<string, Task>, Task<ReplyResult>> write, Reply reply)
    {
        ReplyResult result;
        try
        {
            result = await write(text =>
            {
                reply.Write(text);
                return Task.CompletedTask;
            });
        }
        catch (Exception e)
        {
            // The message keeps its lease until it runs out; then the sweeper's job answers it.
            logger.LogError(e, "Answering chat message {MessageId} failed; the background job will answer it", messageId);
            result = new ReplyResult(ReplyOutcome.Deferred, []);
        }
        reply.Complete(result);
        _ = Task.Delay(Linger).ContinueWith(_ => _replies.TryRemove(messageId, out var _), TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        var running = _replies.Values.Where(r => !r.Completed).Select(r => r.Running).OfType<Task>().ToArray();
        // WriteAsync catches everything, so these only wait.
        if (running.Length == 0) return;
        try
        {
            await Task.WhenAll(running).WaitAsync(ShutdownGrace);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Count} chat replies were still being written at shutdown; the sweeper will answer them", running.Count(t => !t.IsCompleted));
        }
    }

    /// <summary>One reply being written: its text so far, the streams following it, and its result once stored.</summary>
    private sealed class Reply
    {
        private readonly Lock _gate = new();
        private readonly List<string> _written = [];
        private readonly List<ChannelWriter<string>> _followers = [];
        private readonly TaskCompletionSource<ReplyResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _complete;

        public Task? Running { get; set; }

        public bool Completed => _result.Task.IsCompleted;

        public void Write(string text)
        {
            lock (_gate)
            {
                _written.Add(text);
                foreach (var follower in _followers) follower.TryWrite(text);
            }
        }

        public void Complete(ReplyResult result)
        {
            lock (_gate)
            {
                _complete = true;
                foreach (var follower in _followers) follower.TryComplete();
                _followers.Clear();
            }
            _result.TrySetResult(result);
        }

        public async Task<ReplyResult> FollowAsync(Func<string, Task> onText, CancellationToken ct)
        {
            var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            lock (_gate)
            {
                foreach (var text in _written) channel.Writer.TryWrite(text);
                if (_complete) channel.Writer.TryComplete();
                else _followers.Add(channel.Writer);
            }
            try
            {
                await foreach (var text in channel.Reader.ReadAllAsync(ct)) await onText(text);
            }
            finally
            {
                lock (_gate) _followers.Remove(channel.Writer);
            }
            return await _result.Task.WaitAsync(ct);
        }
    }
}
