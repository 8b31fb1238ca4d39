using Streamline.Core.Data;

namespace Streamline.Core.Jobs;

/// <summary>Adds history lines to the context (saved with the change they describe).</summary>
internal static class JobActivityLog
{
    public static void Record(this StreamlineDbContext db, Job job, JobActor actor, DateTime now, string what, string? before = null, string? after = null) =>
        db.Record(job, actor.UserId, actor.Name, now, what, before, after);

    /// <summary>For a change nobody signed in made, such as a lead accepting a proposal: no user, just a name.</summary>
    public static void Record(this StreamlineDbContext db, Job job, Guid? actorUserId, string actorName, DateTime now, string what,
        string? before = null, string? after = null) =>
        db.JobActivities.Add(new JobActivity
        {
            WorkspaceId = job.WorkspaceId,
            JobId = job.Id,
            ActorUserId = actorUserId,
            ActorName = Clip(actorName, JobLimits.Name)!,
            What = Clip(what, JobLimits.Name)!,
            Before = Clip(before, JobLimits.ActivityValue),
            After = Clip(after, JobLimits.ActivityValue),
            CreatedAt = now,
        });

    private static string? Clip(string? text, int max) =>
        string.IsNullOrEmpty(text) ? null : text.Length <= max ? text : text[..(max - 1)] + "…";
}
