using System.Text.RegularExpressions;

namespace Streamline.Core.Jobs;

/// <summary>
/// The offline planner: one milestone per requirement line (or goal line when there are no requirements), between a
/// kick-off and a review-and-launch, due dates spread evenly from the start date to the due date. The same details
/// always give the same plan.
/// </summary>
public static partial class JobPlanTemplate
{
    public const string KickOff = "Kick-off";
    public const string ReviewAndLaunch = "Review and launch";
    private const string PlainDeliverable = "Done as described and checked with you";

    /// <summary>Without a due date each milestone gets a week.</summary>
    private const int DaysPerMilestoneWithoutDueDate = 7;

    /// <summary>Null when the project details have no requirement or goal to plan from.</summary>
    public static List<Milestone>? Draft(Job job, DateOnly today)
    {
        var lines = Lines(job.Requirements);
        if (lines.Count == 0) lines = Lines(job.Goals);
        if (lines.Count == 0) return null;

        List<Milestone> plan =
        [
            new() { Title = KickOff, Deliverables = ["Goals and success measures agreed", "Access to the accounts and tools we need", "This plan confirmed"] },
            .. lines.Take(JobLimits.Milestones - 2).Select(FromLine),
            new() { Title = ReviewAndLaunch, Deliverables = ["Walk-through with you", "Fixes from the review", "Launch and hand-over"] },
        ];
        SpreadDueDates(plan, job.StartDate ?? today, job.DueDate);
        return plan;
    }

    /// <summary>The i-th of n milestones is due i/n of the way from start to end, the last on the end date itself.</summary>
    public static void SpreadDueDates(List<Milestone> plan, DateOnly start, DateOnly? due)
    {
        var end = due ?? start.AddDays(DaysPerMilestoneWithoutDueDate * plan.Count);
        var span = Math.Max(0, end.DayNumber - start.DayNumber);
        for (var i = 0; i < plan.Count; i++)
            plan[i].DueDate = start.AddDays(span * (i + 1) / plan.Count);
    }

    /// <summary>"Landing page: hero, pricing, contact form" is a milestone with three deliverables.</summary>
    private static Milestone FromLine(string line)
    {
        var colon = line.IndexOf(':');
        var title = colon > 0 ? line[..colon].Trim() : line;
        var deliverables = colon > 0
            ? line[(colon + 1)..].Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList()
            : [];
        return new Milestone
        {
            Title = Clip(title),
            Deliverables = deliverables.Count == 0 ? [PlainDeliverable] : [.. deliverables.Take(JobLimits.ListItems).Select(Clip)],
        };
    }

    /// <summary>Non-empty lines without their bullet or number; a line ending in ':' only labels the lines below it.</summary>
    private static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n')
            .Select(l => Bullet().Replace(l.Trim(), ""))
            .Where(l => l.Length > 0 && !l.EndsWith(':'))];

    private static string Clip(string text) => text.Length <= JobLimits.Name ? text : text[..(JobLimits.Name - 1)] + "…";

    [GeneratedRegex(@"^(?:[-*•+]|\d{1,3}[.)])\s+")]
    private static partial Regex Bullet();
}
