namespace Streamline.Core.Widget;

/// <summary>Whether the business answers right now, in its own time zone.</summary>
public static class BusinessHours
{
    /// <summary>
    /// True when hours are off, or when the wall-clock time in the widget's time zone falls inside that
    /// weekday's opening hours (opens inclusive, closes exclusive). Converting from UTC never lands in a
    /// daylight-saving gap or overlap, so DST change days need no special case. An unknown stored zone
    /// counts as UTC rather than closing the widget for good.
    /// </summary>
    public static bool IsOpen(WidgetSettings settings, DateTimeOffset utcNow)
    {
        if (!settings.UseBusinessHours) return true;
        var zone = WidgetTimeZones.Find(settings.TimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(utcNow, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return settings.Hours.Any(h => h.Day == local.DayOfWeek && h.Opens <= time && time < h.Closes);
    }

    /// <summary>Monday first, as business hours are usually read.</summary>
    public static readonly DayOfWeek[] Week =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday,
        DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];
}
