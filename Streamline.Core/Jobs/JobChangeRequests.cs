using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;

namespace Streamline.Core.Jobs;

public sealed record ChangeRequestInput(string Description, string? Reason, ChangeUrgency Urgency);

public sealed record ChangeDecision(bool Approve, long AddedCostCents, int AddedDays, string? Note);

/// <summary>
/// A customer asks for a change; an admin prices it (added cost and days) and decides. Approval changes the job
/// in one save: the requirements gain the change, the price gains a cost line, the due date moves.
/// </summary>
public sealed class JobChangeRequests(StreamlineDbContext db, JobService jobs, JobNotifications notifications, TimeProvider clock)
{
    public async Task<JobResult> SubmitAsync(Guid jobId, JobActor actor, ChangeRequestInput input, JobLinks links, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Description)) return JobResult.Invalid("Describe the change you need.", "Description");
        if (input.Description.Trim().Length > JobLimits.LongText) return JobResult.Invalid($"At most {JobLimits.LongText} characters.", "Description");
        if (input.Reason?.Trim().Length > JobLimits.LongText) return JobResult.Invalid($"At most {JobLimits.LongText} characters.", "Reason");
        var job = await db.Jobs.VisibleTo(actor).AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobResult.NotFound;
        if (JobLifecycle.IsFinal(job.Status)) return JobResult.Invalid($"This job is {job.Status.Label()}; it takes no more changes.", "Description");
        var now = Now;
        var request = new JobChangeRequest
        {
            WorkspaceId = job.WorkspaceId, JobId = job.Id, Description = input.Description.Trim(),
            Reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim(), Urgency = input.Urgency,
            RequestedByUserId = actor.UserId, CreatedAt = now,
        };
        db.JobChangeRequests.Add(request);
        db.Record(job, actor, now, "Requested a change", after: request.Description);
        await notifications.ChangeRequestedAsync(job, request, actor, links, ct);
        await db.SaveChangesAsync(ct);
        return JobResult.Ok;
    }

    public async Task<JobResult> DecideAsync(Guid jobId, Guid requestId, JobActor actor, ChangeDecision decision, JobLinks links, CancellationToken ct)
    {
        if (!actor.IsAdmin) return JobResult.NotAllowed;
        if (decision.AddedCostCents < 0 || decision.AddedDays < 0) return JobResult.Invalid("The added cost and days cannot be negative.", "AddedCost");
        if (!decision.Approve && string.IsNullOrWhiteSpace(decision.Note)) return JobResult.Invalid("Tell the customer why it is rejected.", "Note");
        if (decision.Note?.Trim().Length > JobLimits.LongText) return JobResult.Invalid($"At most {JobLimits.LongText} characters.", "Note");
        var job = await db.Jobs.VisibleTo(actor).SingleOrDefaultAsync(j => j.Id == jobId, ct);
        var request = await db.JobChangeRequests.VisibleTo(actor).SingleOrDefaultAsync(r => r.Id == requestId && r.JobId == jobId, ct);
        if (job is null || request is null) return JobResult.NotFound;
        if (request.Status != ChangeRequestStatus.Pending) return JobResult.Invalid("This change request was already decided.");

        var now = Now;
        request.Status = decision.Approve ? ChangeRequestStatus.Approved : ChangeRequestStatus.Rejected;
        request.AddedCostCents = decision.AddedCostCents;
        request.AddedDays = decision.AddedDays;
        request.DecisionNote = string.IsNullOrWhiteSpace(decision.Note) ? null : decision.Note.Trim();
        request.DecidedByUserId = actor.UserId;
        request.DecidedAt = now;
        if (decision.Approve && ApplyToJob(job, request, actor, now) is { } invalid) return invalid;
        db.Record(job, actor, now, decision.Approve ? "Approved a change request" : "Rejected a change request",
            request.Description, request.DecisionNote);
        await notifications.ChangeDecidedAsync(job, request, actor, links, ct);
        return await jobs.SaveOrStaleAsync(ct);
    }

    public async Task<List<JobChangeRequest>> ListAsync(Guid jobId, JobActor actor, CancellationToken ct) =>
        await db.JobChangeRequests.VisibleTo(actor).AsNoTracking().Where(r => r.JobId == jobId)
            .OrderByDescending(r => r.CreatedAt).ToListAsync(ct);

    private JobResult? ApplyToJob(Job job, JobChangeRequest request, JobActor actor, DateTime now)
    {
        var scope = $"Change request approved {now:yyyy-MM-dd}: {request.Description}";
        var requirements = string.IsNullOrEmpty(job.Requirements) ? scope : $"{job.Requirements}\n\n{scope}";
        if (requirements.Length > JobLimits.Requirements)
            return JobResult.Invalid("The requirements are full; shorten them in Project details before approving.");
        var before = (Price: job.QuotedPriceCents, Due: job.DueDate);
        job.Requirements = requirements;
        if (request.AddedCostCents > 0)
        {
            job.CostLines.Add(new CostLine { Description = Clip($"Change: {request.Description}", JobLimits.Name), AmountCents = request.AddedCostCents.Value });
            job.QuotedPriceCents += request.AddedCostCents.Value;
            db.Record(job, actor, now, "Quoted price", MoneyAmount.Format(before.Price), MoneyAmount.Format(job.QuotedPriceCents));
        }
        if (request.AddedDays > 0 && job.DueDate is { } due)
        {
            job.DueDate = due.AddDays(request.AddedDays.Value);
            db.Record(job, actor, now, "Due date", $"{before.Due:yyyy-MM-dd}", $"{job.DueDate:yyyy-MM-dd}");
        }
        jobs.Touch(job);
        return null;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
