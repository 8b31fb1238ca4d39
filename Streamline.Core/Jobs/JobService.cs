using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Jobs;

/// <summary>Creating jobs, saving their sections and moving them through the lifecycle; every change is logged.</summary>
public sealed class JobService(StreamlineDbContext db, JobNotifications notifications, TimeProvider clock)
{
    public async Task<Job> CreateAsync(Guid workspaceId, string title, JobActor admin, CancellationToken ct)
    {
        if (!admin.IsAdmin) throw new InvalidOperationException("Only admins create jobs.");
        var now = Now;
        var job = new Job { WorkspaceId = workspaceId, Title = title.Trim(), ManagerUserId = admin.UserId, CreatedAt = now, UpdatedAt = now };
        db.Jobs.Add(job);
        db.Record(job, admin, now, "Created the job", after: job.Title);
        await db.SaveChangesAsync(ct);
        return job;
    }

    /// <summary>
    /// A job that starts with its details filled in, made by something the customer did rather than by an admin at
    /// the keyboard (an accepted proposal): saved in the caller's transaction, if there is one.
    /// </summary>
    public async Task<Job> CreateAsync(NewJob draft, CancellationToken ct)
    {
        var now = Now;
        var job = new Job
        {
            WorkspaceId = draft.WorkspaceId, Title = Clip(draft.Title, JobLimits.Title), ManagerUserId = draft.ManagerUserId,
            Company = draft.Company is null ? null : Clip(draft.Company, JobLimits.Name), Contacts = [.. draft.Contacts],
            Goals = ClipOrNull(draft.Goals, JobLimits.LongText), Requirements = ClipOrNull(draft.Requirements, JobLimits.Requirements),
            TimelineNotes = ClipOrNull(draft.TimelineNotes, JobLimits.LongText),
            QuotedPriceCents = draft.QuotedPriceCents, CostLines = [.. draft.CostLines],
            CreatedAt = now, UpdatedAt = now,
        };
        db.Jobs.Add(job);
        db.Record(job, null, draft.CreatedBy, now, draft.Origin, after: draft.OriginDetail);
        await db.SaveChangesAsync(ct);
        return job;
    }

    public async Task<Job?> FindAsync(Guid jobId, JobActor actor, CancellationToken ct) =>
        await db.Jobs.VisibleTo(actor).AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);

    public async Task<List<JobActivity>> ActivityAsync(Guid jobId, JobActor actor, CancellationToken ct) =>
        await db.JobActivities.VisibleTo(actor).AsNoTracking().Where(a => a.JobId == jobId).OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);

    /// <summary>
    /// Changes whenever anything on the job changes (a section, a comment, a file, a change request): every change
    /// saves an activity line, and section edits bump the version. Null when the actor cannot see the job.
    /// </summary>
    public async Task<string?> LiveStampAsync(Guid jobId, JobActor actor, CancellationToken ct)
    {
        var version = await db.Jobs.VisibleTo(actor).Where(j => j.Id == jobId).Select(j => (int?)j.Version).SingleOrDefaultAsync(ct);
        if (version is null) return null;
        var last = await db.JobActivities.VisibleTo(actor).Where(a => a.JobId == jobId).MaxAsync(a => (long?)a.Id, ct);
        return $"{version}.{last ?? 0}";
    }

    public Task<JobResult> SaveAsync(Guid jobId, int version, JobActor actor, BasicInfo info, CancellationToken ct) =>
        SaveSectionAsync(jobId, version, actor, JobSection.Basic, job => JobSections.Apply(job, info), ct);

    public Task<JobResult> SaveAsync(Guid jobId, int version, JobActor actor, BusinessInfo info, CancellationToken ct) =>
        SaveSectionAsync(jobId, version, actor, JobSection.Business, job => JobSections.Apply(job, info), ct);

    public Task<JobResult> SaveAsync(Guid jobId, int version, JobActor actor, ProjectDetails info, CancellationToken ct) =>
        SaveSectionAsync(jobId, version, actor, JobSection.Project, job => JobSections.Apply(job, info), ct);

    public Task<JobResult> SaveAsync(Guid jobId, int version, JobActor actor, PlanningInfo info, CancellationToken ct) =>
        SaveSectionAsync(jobId, version, actor, JobSection.Planning, job => JobSections.Apply(job, info), ct);

    public Task<JobResult> SaveAsync(Guid jobId, int version, JobActor actor, FinancialInfo info, CancellationToken ct) =>
        SaveSectionAsync(jobId, version, actor, JobSection.Financial, job => JobSections.Apply(job, info), ct);

    public async Task<JobResult> SaveAsync(Guid jobId, int version, JobActor actor, BrandingInfo info, CancellationToken ct)
    {
        // The logo must be one of this job's own images, so a form cannot point it at another job's file.
        if (info.LogoFileId is { } logo && !await db.JobFiles.VisibleTo(actor)
                .AnyAsync(f => f.Id == logo && f.JobId == jobId && JobFileStore.ImageKinds.Contains(f.Kind), ct))
            return JobResult.Invalid("Choose the logo among this job's images.", "LogoFileId");
        return await SaveSectionAsync(jobId, version, actor, JobSection.Branding, job => JobSections.Apply(job, info), ct);
    }

    /// <summary>
    /// Moves the job from the status the admin saw to another. Checked against that status rather than the version:
    /// an edit of another section does not make a status button stale, someone else's move does.
    /// </summary>
    public async Task<JobResult> MoveAsync(Guid jobId, JobStatus seen, JobActor actor, JobStatus to, JobLinks links, CancellationToken ct)
    {
        if (!actor.IsAdmin) return JobResult.NotAllowed;
        var job = await db.Jobs.VisibleTo(actor).SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobResult.NotFound;
        if (job.Status != seen) return new JobResult(JobError.Stale, $"Someone else already moved this job to {job.Status.Label()}; nothing was changed.");
        if (!JobLifecycle.CanMove(job.Status, to))
            return JobResult.Invalid($"A job cannot move from {job.Status.Label()} to {to.Label()}.", "Status");
        var from = job.Status;
        job.Status = to;
        job.ClosedAt = JobLifecycle.IsFinal(to) ? Now : null;
        Touch(job);
        db.Record(job, actor, Now, "Status", from.Label(), to.Label());
        await notifications.StatusChangedAsync(job, from, actor, links, ct);
        return await SaveOrStaleAsync(ct);
    }

    /// <summary>Bumps the version: forms opened before this change are now stale.</summary>
    internal void Touch(Job job)
    {
        job.Version++;
        job.UpdatedAt = Now;
    }

    internal async Task<JobResult> SaveOrStaleAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return JobResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return JobResult.Stale;
        }
    }

    private async Task<JobResult> SaveSectionAsync(Guid jobId, int version, JobActor actor, JobSection section, Func<Job, JobResult?> apply, CancellationToken ct)
    {
        if (!actor.IsAdmin) return JobResult.NotAllowed;
        var job = await db.Jobs.VisibleTo(actor).SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobResult.NotFound;
        // Checked here for a clear answer; the concurrency token catches an edit that lands between load and save.
        if (job.Version != version) return JobResult.Stale;
        var before = JobSections.Describe(section, job);
        if (apply(job) is { } invalid) return invalid;
        var after = JobSections.Describe(section, job);
        if (before == after) return JobResult.Ok;
        Touch(job);
        db.Record(job, actor, Now, section.Label(), before, after);
        return await SaveOrStaleAsync(ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string? ClipOrNull(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : Clip(text.Trim(), max);
}

/// <summary>
/// The first details of a job made without an admin (see <see cref="JobService.CreateAsync(NewJob, CancellationToken)"/>):
/// <see cref="CreatedBy"/> names who caused it, <see cref="Origin"/> and <see cref="OriginDetail"/> are its first activity line.
/// </summary>
public sealed record NewJob(Guid WorkspaceId, string Title, Guid ManagerUserId, string CreatedBy, string Origin, string? OriginDetail)
{
    public string? Company { get; init; }
    public IReadOnlyList<JobContact> Contacts { get; init; } = [];
    public string? Goals { get; init; }
    public string? Requirements { get; init; }
    public string? TimelineNotes { get; init; }
    public long QuotedPriceCents { get; init; }
    public IReadOnlyList<CostLine> CostLines { get; init; } = [];
}
