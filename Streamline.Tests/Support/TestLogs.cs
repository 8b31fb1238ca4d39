using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Streamline.Tests.Support;

/// <summary>What an app logged at Warning or above, so a test can assert that a situation the app expects stays quiet.</summary>
public sealed class TestLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<TestLogEntry> _entries = new();

    public IReadOnlyCollection<TestLogEntry> Entries => _entries;

    /// <summary>Entries whose category starts with <paramref name="prefix"/>, e.g. <c>Microsoft.EntityFrameworkCore</c>.</summary>
    public List<TestLogEntry> From(string prefix) => [.. _entries.Where(e => e.Category.StartsWith(prefix, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<TestLogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue(new(logLevel, category, formatter(state, exception), exception?.ToString()));
        }
    }
}

public sealed record TestLogEntry(LogLevel Level, string Category, string Message, string? Exception = null)
{
    public override string ToString() => $"{Level} {Category}: {Message}";
}
