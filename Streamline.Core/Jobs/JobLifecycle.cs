namespace Streamline.Core.Jobs;

/// <summary>
/// Which status may follow which. Work moves Planning → In Progress → Review → Completed; Review can go back to
/// In Progress for rework; any open status can be put On Hold and resumed where it makes sense; anything not
/// final can be cancelled. Completed and Cancelled are final: reopening is a new job, so the history stays true.
/// </summary>
public static class JobLifecycle
{
    private static readonly Dictionary<JobStatus, JobStatus[]> Next = new()
    {
        [JobStatus.Planning] = [JobStatus.InProgress, JobStatus.OnHold, JobStatus.Cancelled],
        [JobStatus.InProgress] = [JobStatus.Review, JobStatus.OnHold, JobStatus.Cancelled],
        [JobStatus.Review] = [JobStatus.Completed, JobStatus.InProgress, JobStatus.OnHold, JobStatus.Cancelled],
        [JobStatus.OnHold] = [JobStatus.Planning, JobStatus.InProgress, JobStatus.Review, JobStatus.Cancelled],
        [JobStatus.Completed] = [],
        [JobStatus.Cancelled] = [],
    };

    public static IReadOnlyList<JobStatus> AllowedFrom(JobStatus status) => Next[status];

    public static bool CanMove(JobStatus from, JobStatus to) => Next[from].Contains(to);

    public static bool IsFinal(JobStatus status) => status is JobStatus.Completed or JobStatus.Cancelled;

    /// <summary>What the button that makes the move says.</summary>
    public static string ActionLabel(JobStatus from, JobStatus to) => (from, to) switch
    {
        (JobStatus.Planning, JobStatus.InProgress) => "Start work",
        (JobStatus.Review, JobStatus.InProgress) => "Back to work",
        (_, JobStatus.OnHold) => "Put on hold",
        (_, JobStatus.Cancelled) => "Cancel job",
        (_, JobStatus.Completed) => "Mark completed",
        (JobStatus.OnHold, _) => $"Resume in {to.Label()}",
        _ => $"Move to {to.Label()}",
    };

    public static string Label(this JobStatus status) => status switch
    {
        JobStatus.InProgress => "In progress",
        JobStatus.OnHold => "On hold",
        _ => status.ToString(),
    };
}
