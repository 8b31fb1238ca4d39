using Streamline.Core.Widget;

namespace Streamline.Tests.Widget;

public sealed class BusinessHoursTests
{
    private static WidgetSettings Lisbon(bool useHours = true) => new()
    {
        PublicKey = "wk_test",
        TimeZone = "Europe/Lisbon",
        UseBusinessHours = useHours,
        Hours =
        [
            new BusinessHoursDay { Day = DayOfWeek.Friday, Opens = new TimeOnly(9, 0), Closes = new TimeOnly(17, 0) },
            new BusinessHoursDay { Day = DayOfWeek.Sunday, Opens = new TimeOnly(1, 30), Closes = new TimeOnly(3, 30) },
            new BusinessHoursDay { Day = DayOfWeek.Monday, Opens = new TimeOnly(9, 0), Closes = new TimeOnly(17, 0) },
        ],
    };

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(8, 59, false)] // Friday 2026-01-16, Lisbon = UTC in winter
    [InlineData(9, 0, true)]
    [InlineData(16, 59, true)]
    [InlineData(17, 0, false)]
    public void Inside_the_days_hours_is_open_and_outside_is_not(int hour, int minute, bool open) =>
        Assert.Equal(open, BusinessHours.IsOpen(Lisbon(), Utc(2026, 1, 16, hour, minute)));

    [Fact]
    public void A_day_without_hours_is_closed_all_day() =>
        Assert.False(BusinessHours.IsOpen(Lisbon(), Utc(2026, 1, 17, 12))); // Saturday

    [Fact]
    public void Summer_time_shifts_the_hours_by_the_zones_offset()
    {
        // Friday 2026-07-17: Lisbon is UTC+1, so 09:00 local is 08:00 UTC.
        Assert.True(BusinessHours.IsOpen(Lisbon(), Utc(2026, 7, 17, 8, 0)));
        Assert.False(BusinessHours.IsOpen(Lisbon(), Utc(2026, 7, 17, 16, 0)));
    }

    [Fact]
    public void On_the_spring_forward_day_the_wall_clock_decides()
    {
        // Sunday 2026-03-29 in Lisbon: 01:00 UTC jumps from 01:00 WET to 02:00 WEST; 01:30-02:00 local never happens.
        Assert.False(BusinessHours.IsOpen(Lisbon(), Utc(2026, 3, 29, 0, 59))); // 00:59 local
        Assert.True(BusinessHours.IsOpen(Lisbon(), Utc(2026, 3, 29, 1, 0)));   // 02:00 local
        Assert.True(BusinessHours.IsOpen(Lisbon(), Utc(2026, 3, 29, 2, 29)));  // 03:29 local
        Assert.False(BusinessHours.IsOpen(Lisbon(), Utc(2026, 3, 29, 2, 30))); // 03:30 local
    }

    [Fact]
    public void On_the_fall_back_day_the_repeated_hour_is_inside_the_hours_both_times()
    {
        // Sunday 2026-10-25 in Lisbon: 01:00 UTC turns 02:00 WEST back to 01:00 WET, so 01:00-02:00 local happens twice.
        Assert.False(BusinessHours.IsOpen(Lisbon(), Utc(2026, 10, 25, 0, 29))); // 01:29 WEST
        Assert.True(BusinessHours.IsOpen(Lisbon(), Utc(2026, 10, 25, 0, 30)));  // 01:30 WEST
        Assert.True(BusinessHours.IsOpen(Lisbon(), Utc(2026, 10, 25, 1, 30)));  // 01:30 WET, again
        Assert.True(BusinessHours.IsOpen(Lisbon(), Utc(2026, 10, 25, 3, 29)));  // 03:29 WET
        Assert.False(BusinessHours.IsOpen(Lisbon(), Utc(2026, 10, 25, 3, 30)));
    }

    [Fact]
    public void The_local_weekday_counts_not_the_utc_one()
    {
        var tokyo = new WidgetSettings
        {
            PublicKey = "wk_test", TimeZone = "Asia/Tokyo", UseBusinessHours = true,
            Hours = [new BusinessHoursDay { Day = DayOfWeek.Monday, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(12, 0) }],
        };
        // Sunday 2026-01-18 23:30 UTC is Monday 08:30 in Tokyo.
        Assert.True(BusinessHours.IsOpen(tokyo, Utc(2026, 1, 18, 23, 30)));
    }

    [Fact]
    public void With_hours_turned_off_the_widget_is_always_open()
    {
        Assert.True(BusinessHours.IsOpen(Lisbon(useHours: false), Utc(2026, 1, 17, 3)));
        Assert.True(BusinessHours.IsOpen(new WidgetSettings { PublicKey = "wk_test" }, Utc(2026, 1, 17, 3)));
    }

    [Fact]
    public void An_unknown_stored_zone_is_read_as_utc()
    {
        var settings = Lisbon();
        settings.TimeZone = "Mars/Olympus_Mons";
        Assert.True(BusinessHours.IsOpen(settings, Utc(2026, 7, 17, 9, 0)));
    }
}
