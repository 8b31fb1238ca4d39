using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Audit;

namespace Streamline.Core.Jobs;

public sealed record NewResource(ResourceKind Kind, string Label, string Url, string? Credential);

/// <summary>The resources section: typed links, each with an optional credential kept encrypted.</summary>
public sealed class JobResources(StreamlineDbContext db, JobService jobs, JobCredentials credentials, TimeProvider clock, AuditTrail audit)
{
    public async Task<JobResult> AddAsync(Guid jobId, int version, JobActor actor, NewResource input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Label)) return JobResult.Invalid("Give the link a label.", "Label");
        if (!Uri.TryCreate(input.Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http" or "ssh" or "sftp"))
            return JobResult.Invalid("Enter a full address starting with https://, http://, ssh:// or sftp://.", "Url");
        return await ChangeAsync(jobId, version, actor, job =>
        {
            if (job.Resources.Count >= JobLimits.ListItems) return JobResult.Invalid($"At most {JobLimits.ListItems} resources.", "Label");
            job.Resources.Add(new JobResource
            {
                Kind = input.Kind, Label = input.Label.Trim(), Url = url.ToString(),
                ProtectedCredential = string.IsNullOrEmpty(input.Credential) ? null : credentials.Protect(input.Credential),
            });
            return null;
        }, ct);
    }

    public Task<JobResult> RemoveAsync(Guid jobId, int version, JobActor actor, Guid resourceId, CancellationToken ct) =>
        ChangeAsync(jobId, version, actor, job =>
            job.Resources.RemoveAll(r => r.Id == resourceId) == 0 ? JobResult.Invalid("That link was already removed.") : null, ct);

    /// <summary>The clear credential for an admin who asked to see it; the reveal itself is logged.</summary>
    public async Task<string?> RevealAsync(Guid jobId, Guid resourceId, JobActor actor, AuditActor audited, CancellationToken ct)
    {
        if (!actor.IsAdmin) return null;
        var job = await db.Jobs.VisibleTo(actor).SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job?.Resources.SingleOrDefault(r => r.Id == resourceId) is not { ProtectedCredential: { } secret } resource) return null;
        db.Record(job, actor, clock.GetUtcNow().UtcDateTime, "Revealed a credential", after: resource.Label);
        audit.Stage(audited, AuditAction.CredentialRevealed, job.WorkspaceId, $"job:{job.Id}", $"Revealed the credential of “{resource.Label}” on job {job.Title}");
        await db.SaveChangesAsync(ct);
        return credentials.Unprotect(secret);
    }

    private async Task<JobResult> ChangeAsync(Guid jobId, int version, JobActor actor, Func<Job, JobResult?> change, CancellationToken ct)
    {
        if (!actor.IsAdmin) return JobResult.NotAllowed;
        var job = await db.Jobs.VisibleTo(actor).SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobResult.NotFound;
        if (job.Version != version) return JobResult.Stale;
        var before = JobSections.Describe(JobSection.Resources, job);
        if (change(job) is { } invalid) return invalid;
        jobs.Touch(job);
        db.Record(job, actor, clock.GetUtcNow().UtcDateTime, JobSection.Resources.Label(), before, JobSections.Describe(JobSection.Resources, job));
        return await jobs.SaveOrStaleAsync(ct);
    }
}
