namespace Streamline.Core.Widget;

/// <summary>IANA time zones: a short list to pick from, and a check that an id is one this server knows.</summary>
public static class WidgetTimeZones
{
    public static readonly string[] Common =
    [
        "UTC",
        "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "America/Toronto",
        "America/Mexico_City", "America/Bogota", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
        "Europe/London", "Europe/Lisbon", "Europe/Dublin", "Europe/Madrid", "Europe/Paris", "Europe/Berlin",
        "Europe/Amsterdam", "Europe/Rome", "Europe/Warsaw", "Europe/Athens", "Europe/Istanbul", "Europe/Moscow",
        "Africa/Lagos", "Africa/Cairo", "Africa/Nairobi", "Africa/Johannesburg",
        "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta",
        "Asia/Singapore", "Asia/Manila", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Seoul",
        "Australia/Perth", "Australia/Sydney", "Pacific/Auckland",
    ];

    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            // Windows ids ("GMT Standard Time") also resolve; the widget stores IANA ids only.
            return zone.HasIanaId ? zone : null;
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
