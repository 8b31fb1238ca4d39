using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Streamline.Core.Background;

/// <summary>
/// Hangfire keeps its log provider in a process-wide static. When one app in a process is disposed
/// (tests host several), its logger factory goes with it; this provider then falls silent instead of
/// throwing from every Hangfire component that asks for a logger.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new ForwardingLog(factory, name);

    private sealed class ForwardingLog(ILoggerFactory factory, string name) : ILog
    {
        private ILogger? _logger;

        public bool Log(HangfireLevel level, Func<string>? message, Exception? exception = null)
        {
            try
            {
                _logger ??= factory.CreateLogger(name);
                var msLevel = Map(level);
                if (message is null) return _logger.IsEnabled(msLevel);
                if (_logger.IsEnabled(msLevel)) _logger.Log(msLevel, 0, exception, "{Message}", message());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static MsLevel Map(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => MsLevel.Trace,
            HangfireLevel.Debug => MsLevel.Debug,
            HangfireLevel.Info => MsLevel.Information,
            HangfireLevel.Warn => MsLevel.Warning,
            HangfireLevel.Error => MsLevel.Error,
            _ => MsLevel.Critical,
        };
    }
}
