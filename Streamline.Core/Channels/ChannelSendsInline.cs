namespace Streamline.Core.Channels;

/// <summary>
/// Says that whoever is running sends one conversation's replies itself, right after it commits them, so no send job
/// need be queued for that conversation: the pump answers a received message and then sends
/// (<see cref="Ingest.ProcessChannelInbound"/>). A job per reply would only find the rows sent already, and costs a
/// Hangfire job's ten-odd statements each time. Rows committed meanwhile for any other conversation still get their job.
/// What a crash between the commit and the send leaves is sent by <c>channels-outbox-sweep</c> within a minute.
/// Set inside an async method, it holds for what that method awaits and ends when it returns.
/// </summary>
public static class ChannelSendsInline
{
    private static readonly AsyncLocal<Guid?> Current = new();

    /// <summary>True when the caller sends <paramref name="conversationId"/>'s replies itself.</summary>
    public static bool Covers(Guid conversationId) => Current.Value == conversationId;

    /// <summary>Call at the start of the async method whose commits for <paramref name="conversationId"/> it sends itself.</summary>
    public static void Begin(Guid conversationId) => Current.Value = conversationId;
}
