using Streamline.Core.Workspaces;

namespace Streamline.Core.Widget;

/// <summary>How a workspace's chat widget looks and where it may be embedded.</summary>
public class WidgetSettings : IWorkspaceOwned
{
    /// <summary>Also the primary key: one widget per workspace.</summary>
    public Guid WorkspaceId { get; set; }

    /// <summary>Public (it sits in the customer's page source) and unique; rotating it breaks old embeds on purpose.</summary>
    public required string PublicKey { get; set; }
    public DateTime KeyRotatedAt { get; set; }

    /// <summary>Origins (scheme://host[:port]) allowed to frame the widget; empty means nowhere yet.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>#rrggbb.</summary>
    public string BrandColor { get; set; } = "#4F46E5";
    public string Title { get; set; } = "Chat with us";
    public LauncherPosition LauncherPosition { get; set; } = LauncherPosition.BottomRight;

    /// <summary>Replaces the campaign's greeting when set.</summary>
    public string? GreetingOverride { get; set; }

    /// <summary>IANA time zone the business hours are in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>False: always open. True: open only inside <see cref="Hours"/>.</summary>
    public bool UseBusinessHours { get; set; }
    public List<BusinessHoursDay> Hours { get; set; } = [];
    public string OfflineMessage { get; set; } = "We're away right now. Leave your message and e-mail and we'll get back to you.";

    /// <summary>
    /// A busy day's replies, small enough that a script that found the key stops soon after it started; the owner can
    /// raise it or turn it off.
    /// </summary>
    public const long DefaultDailyAiCapMillicredits = 200_000;

    /// <summary>What the AI may spend answering widget conversations per UTC day, in millicredits; 0: no cap.</summary>
    public long DailyAiCapMillicredits { get; set; } = DefaultDailyAiCapMillicredits;

    /// <summary>The UTC day the owners were told the cap was reached: claimed in one write, so they are told once a day.</summary>
    public DateOnly? AiCapNotifiedOn { get; set; }

    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    /// <summary>
    /// Whether a request to the chat from <paramref name="origin"/> (its Origin header, or its Referer's origin) may talk
    /// to this widget: the chat's own frame (<paramref name="self"/>), one of the allowed websites, or a caller that names
    /// none. A browser always names the page's origin on a cross-site post, so a script on another site that found the
    /// key cannot chat (and spend the owner's credits) through a visitor's browser; the frame-ancestors rule already
    /// keeps the frame off such sites.
    /// </summary>
    public bool AllowsCaller(string? origin, string self) =>
        string.IsNullOrEmpty(origin)
        || string.Equals(origin, self, StringComparison.OrdinalIgnoreCase)
        || AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Opening hours for one day of the week, in the widget's time zone.</summary>
public class BusinessHoursDay
{
    public DayOfWeek Day { get; set; }
    public TimeOnly Opens { get; set; }
    public TimeOnly Closes { get; set; }
}

public enum LauncherPosition { BottomRight, BottomLeft }
