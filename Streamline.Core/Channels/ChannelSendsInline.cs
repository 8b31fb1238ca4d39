namespace Streamline.Core.Channels;

/// <summary>
/// Says that whoever is running sends the replies it commits itself, right after the commit, so no send job need be
/// queued for them: the pump answers a received message and then sends (<see cref="Ingest.ProcessChannelInbound"/>).
/// A job per reply would only find the rows sent already, and costs a Hangfire job's ten-odd statements each time.
/// What a crash between the commit and the send leaves is sent by <c>channels-outbox-sweep</c> within a minute.
/// Set inside an async method, it holds for what that method awaits and ends when it returns.
/// </summary>
public static class ChannelSendsInline
{
    private static readonly AsyncLocal<bool> Current = new();

    public static bool Active => Current.Value;

    /// <summary>Call at the start of the async method whose commits the caller sends itself.</summary>
    public static void Begin() => Current.Value = true;
}
