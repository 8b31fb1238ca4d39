using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Core.Jobs;

/// <summary>
/// Tells "the other side" about a change: the customer's members when the agency acts, the job's manager when a
/// customer acts. Mails are queued in the caller's unit of work. Users have no notification preferences yet, so
/// everyone with a confirmed address on that side is told.
/// </summary>
public sealed class JobNotifications(StreamlineDbContext db, EmailOutbox outbox)
{
    public async Task StatusChangedAsync(Job job, JobStatus from, JobActor actor, JobLinks links, CancellationToken ct)
    {
        foreach (var to in await CustomersAsync(job, actor, ct))
            outbox.Queue(to, "job-status", new Dictionary<string, string>
            {
                ["Job"] = job.Title, ["From"] = from.Label(), ["To"] = job.Status.Label(), ["JobUrl"] = links.Customer(job.Id),
            });
    }

    public async Task CommentedAsync(Job job, JobComment comment, JobActor actor, JobLinks links, CancellationToken ct)
    {
        var recipients = actor.IsAdmin ? await CustomersAsync(job, actor, ct) : await ManagerAsync(job, actor, ct);
        foreach (var to in recipients)
            outbox.Queue(to, "job-comment", new Dictionary<string, string>
            {
                ["Job"] = job.Title, ["Author"] = actor.Name, ["Comment"] = comment.Body,
                ["JobUrl"] = actor.IsAdmin ? links.Customer(job.Id) : links.Admin(job.Id),
            });
    }

    public async Task ChangeRequestedAsync(Job job, JobChangeRequest request, JobActor actor, JobLinks links, CancellationToken ct)
    {
        foreach (var to in await ManagerAsync(job, actor, ct))
            outbox.Queue(to, "job-change-requested", new Dictionary<string, string>
            {
                ["Job"] = job.Title, ["Author"] = actor.Name, ["Description"] = request.Description,
                ["Urgency"] = request.Urgency.ToString(), ["JobUrl"] = links.Admin(job.Id),
            });
    }

    public async Task ChangeDecidedAsync(Job job, JobChangeRequest request, JobActor actor, JobLinks links, CancellationToken ct)
    {
        foreach (var to in await CustomersAsync(job, actor, ct))
            outbox.Queue(to, "job-change-decided", new Dictionary<string, string>
            {
                ["Job"] = job.Title, ["Decision"] = request.Status == ChangeRequestStatus.Approved ? "approved" : "rejected",
                ["Description"] = request.Description, ["Note"] = request.DecisionNote ?? "—", ["JobUrl"] = links.Customer(job.Id),
            });
    }

    private async Task<List<string>> CustomersAsync(Job job, JobActor actor, CancellationToken ct) =>
        await db.WorkspaceMembers.Where(m => m.WorkspaceId == job.WorkspaceId && m.UserId != actor.UserId)
            .Join(db.Users.Where(u => u.EmailConfirmed && u.Email != null), m => m.UserId, u => u.Id, (_, u) => u.Email!)
            .ToListAsync(ct);

    private async Task<List<string>> ManagerAsync(Job job, JobActor actor, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == job.ManagerUserId && u.Id != actor.UserId && u.Email != null)
            .Select(u => u.Email!).ToListAsync(ct);
}
