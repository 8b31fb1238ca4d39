namespace Streamline.Core.Monitoring;

/// <summary>
/// The thresholds (section <c>Monitoring</c>) past which a tile of /admin/monitoring turns red. A figure
/// strictly greater than its threshold is an alert, so 0 means "any at all".
/// </summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    public int MaxEnqueuedJobs { get; set; } = 500;
    public int MaxFailedJobs { get; set; } = 0;
    public int MaxOldestWaitingMinutes { get; set; } = 10;
    public int MaxStripeEventsWaiting { get; set; } = 20;
    public int MaxStripeEventsFailed { get; set; } = 0;
    public int MaxMailPending { get; set; } = 100;
    public int MaxMailFailed { get; set; } = 0;
    public int MaxAiRetriesLastHour { get; set; } = 10;
    public int MaxAiProviderErrorsLastHour { get; set; } = 10;
    public int MaxAiLatencyP95Seconds { get; set; } = 20;

    /// <summary>The AI latency alert needs at least this many answered calls in the hour.</summary>
    public const int LatencyAlertMinimumCalls = 10;
    public int MaxServiceRunsFailedLastHour { get; set; } = 5;
    public int MaxChannelSignatureFailuresLastHour { get; set; } = 20;
    public int MaxChannelProviderErrorsLastHour { get; set; } = 20;
    public int MaxChannelOutboundQueued { get; set; } = 200;
    public int MaxChannelOldestQueuedMinutes { get; set; } = 30;
    public int MaxChannelsInTrouble { get; set; } = 2;

    /// <summary>A bearer token that lets a scraper read /metrics without an admin session; none when empty.</summary>
    public string? MetricsToken { get; set; }
}
