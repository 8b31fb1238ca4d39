namespace Streamline.Core.Analytics;

/// <summary>Whole UTC days from <see cref="From"/> to <see cref="To"/>, both included.</summary>
public sealed record AnalyticsPeriod(DateOnly From, DateOnly To)
{
    public static readonly IReadOnlyList<int> Presets = [7, 30, 90];
    public const int DefaultDays = 30;

    /// <summary>A custom period may span a year: longer ones are slow to read and unreadable as a daily chart.</summary>
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The same number of days just before, for comparison.</summary>
    public AnalyticsPeriod Previous => new(From.AddDays(-Days), From.AddDays(-1));

    public IEnumerable<DateOnly> EachDay => Enumerable.Range(0, Days).Select(From.AddDays);

    public static AnalyticsPeriod Last(int days, DateOnly today) => new(today.AddDays(1 - days), today);

    /// <summary>
    /// The period a picker asked for: a preset number of days ending today (which wins over dates), or custom dates.
    /// Returns the error to show (and the default period) when the request cannot be honoured.
    /// </summary>
    public static (AnalyticsPeriod Period, string? Error) Choose(int? days, DateOnly? from, DateOnly? to, DateOnly today)
    {
        if (days is not null || (from is null && to is null))
            return days is { } d && Presets.Contains(d) ? (Last(d, today), null)
                : (Last(DefaultDays, today), days is null ? null : $"Choose {string.Join(", ", Presets)} days or your own dates.");
        if (from is null || to is null) return (Last(DefaultDays, today), "Choose both a first and a last day.");
        if (from > to) return (Last(DefaultDays, today), "The first day must not be after the last day.");
        if (to > today) return (Last(DefaultDays, today), "The last day cannot be in the future.");
        var period = new AnalyticsPeriod(from.Value, to.Value);
        return period.Days > MaxDays ? (Last(DefaultDays, today), $"Choose at most {MaxDays} days.") : (period, null);
    }
}
