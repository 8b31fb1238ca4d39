namespace Streamline.Core.Automation;

/// <summary>The <c>Services</c> section.</summary>
public sealed class AutomationOptions
{
    public const string Section = "Services";

    /// <summary>How long a run's credits stay held; a run lost to a crash has them returned by the expiry sweep after this.</summary>
    public TimeSpan HoldLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A run still marked running after this is taken to be lost and may be claimed again.</summary>
    public TimeSpan RunLease { get; set; } = TimeSpan.FromMinutes(30);
}
