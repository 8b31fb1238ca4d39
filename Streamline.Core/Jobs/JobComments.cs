using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Jobs;

/// <summary>Comments from both sides; the other side is e-mailed.</summary>
public sealed class JobComments(StreamlineDbContext db, JobNotifications notifications, TimeProvider clock)
{
    public async Task<JobResult> AddAsync(Guid jobId, JobActor actor, string? body, JobLinks links, CancellationToken ct)
    {
        var text = body?.Trim() ?? "";
        if (text.Length == 0) return JobResult.Invalid("Write a comment first.", "Body");
        if (text.Length > JobLimits.Comment) return JobResult.Invalid($"At most {JobLimits.Comment} characters.", "Body");
        var job = await db.Jobs.VisibleTo(actor).AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobResult.NotFound;
        var now = clock.GetUtcNow().UtcDateTime;
        var comment = new JobComment
        {
            WorkspaceId = job.WorkspaceId, JobId = job.Id, AuthorUserId = actor.UserId, AuthorName = actor.Name,
            FromAdmin = actor.IsAdmin, Body = text, CreatedAt = now,
        };
        db.JobComments.Add(comment);
        db.Record(job, actor, now, "Commented");
        await notifications.CommentedAsync(job, comment, actor, links, ct);
        await db.SaveChangesAsync(ct);
        return JobResult.Ok;
    }

    public async Task<List<JobComment>> ListAsync(Guid jobId, JobActor actor, CancellationToken ct) =>
        await db.JobComments.VisibleTo(actor).AsNoTracking().Where(c => c.JobId == jobId).OrderBy(c => c.CreatedAt).ToListAsync(ct);
}
