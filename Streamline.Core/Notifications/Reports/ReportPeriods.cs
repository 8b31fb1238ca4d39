using Streamline.Core.Analytics;

namespace Streamline.Core.Notifications.Reports;

/// <summary>The period a report covers and the one it is compared with, both whole UTC days.</summary>
public sealed record ReportPeriod(WorkspaceReportKind Kind, AnalyticsPeriod Period, AnalyticsPeriod Previous)
{
    /// <summary>
    /// The last period that has ended by <paramref name="today"/>: the week Monday to Sunday before this one, or last
    /// calendar month, compared with the week or month before it.
    /// </summary>
    public static ReportPeriod LastComplete(WorkspaceReportKind kind, DateOnly today)
    {
        if (kind == WorkspaceReportKind.Weekly)
        {
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var week = new AnalyticsPeriod(monday.AddDays(-7), monday.AddDays(-1));
            return new(kind, week, week.Previous);
        }
        var first = new DateOnly(today.Year, today.Month, 1);
        var month = new AnalyticsPeriod(first.AddMonths(-1), first.AddDays(-1));
        return new(kind, month, new AnalyticsPeriod(first.AddMonths(-2), first.AddMonths(-1).AddDays(-1)));
    }

    public string Label => Kind == WorkspaceReportKind.Weekly
        ? $"{Period.From:d MMM} – {Period.To:d MMM yyyy}"
        : Period.From.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public string PreviousName => Kind == WorkspaceReportKind.Weekly ? "the week before" : "the month before";
}
