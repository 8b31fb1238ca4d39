using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Streamline.Core.Ai;

/// <summary>One call to the AI provider as this process saw it: how long until the whole answer, or that it failed.</summary>
public readonly record struct AiCallTiming(DateTime At, string Model, double Seconds, bool Failed);

/// <summary>
/// The AI provider calls this process made in the last day, for the monitoring page's latency percentiles and errors.
/// Kept in memory, not in the database: a timing is written on every call and is only worth the monitoring window, and a
/// provider's latency is what each process sees of it (as Prometheus reads figures per instance). Bounded by
/// <see cref="Capacity"/>: past it the oldest calls are forgotten first.
/// </summary>
public sealed class AiCallTimings(TimeProvider clock)
{
    public const int Capacity = 20_000;
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    private readonly Queue<AiCallTiming> _calls = new();
    private readonly Lock _lock = new();

    public void Record(string model, TimeSpan duration, bool failed)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            while (_calls.Count > 0 && (_calls.Count >= Capacity || _calls.Peek().At < now - Window)) _calls.Dequeue();
            _calls.Enqueue(new AiCallTiming(now, model, duration.TotalSeconds, failed));
        }
    }

    public IReadOnlyList<AiCallTiming> Since(DateTime since)
    {
        lock (_lock) return [.. _calls.Where(c => c.At >= since)];
    }

    /// <summary>The nearest-rank percentile (0–100) of <paramref name="sorted"/>, which must be in ascending order.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Times every call of the provider's client into <see cref="AiCallTimings"/>: a whole answer, or a stream to its end.</summary>
internal sealed class TimedChatClient(IChatClient inner, string model, AiCallTimings timings) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            timings.Record(model, Stopwatch.GetElapsedTime(started), failed: false);
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            timings.Record(model, Stopwatch.GetElapsedTime(started), failed: true);
            throw;
        }
    }

    /// <summary>
    /// Timed to the end of the stream. A caller that stops reading early (a take-over, a visitor gone) ended the call, not
    /// the provider, so that call is not timed.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                timings.Record(model, Stopwatch.GetElapsedTime(started), failed: true);
                throw;
            }
            if (!more) break;
            yield return updates.Current;
        }
        timings.Record(model, Stopwatch.GetElapsedTime(started), failed: false);
    }
}
