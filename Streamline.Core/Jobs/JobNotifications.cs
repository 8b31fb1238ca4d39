using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Notifications;

namespace Streamline.Core.Jobs;

/// <summary>
/// Tells "the other side" about a change: the customer's members when the agency acts, the job's manager when a
/// customer acts. Notices are added to the caller's unit of work; each person is e-mailed unless they turned that
/// kind (job updates, comments) off for the job's workspace.
/// </summary>
public sealed class JobNotifications(StreamlineDbContext db, Notifier notifier)
{
    public async Task StatusChangedAsync(Job job, JobStatus from, JobActor actor, JobLinks links, CancellationToken ct)
    {
        await notifier.SendAsync(job.WorkspaceId, NotificationKind.JobUpdates, await CustomersAsync(job, actor, ct), "job-status",
            new Dictionary<string, string>
            {
                ["Job"] = job.Title, ["From"] = from.Label(), ["To"] = job.Status.Label(), ["JobUrl"] = links.Customer(job.Id),
            }, links.Customer(job.Id), ct);
    }

    public async Task CommentedAsync(Job job, JobComment comment, JobActor actor, JobLinks links, CancellationToken ct)
    {
        var recipients = actor.IsAdmin ? await CustomersAsync(job, actor, ct) : await ManagerAsync(job, actor, ct);
        var url = actor.IsAdmin ? links.Customer(job.Id) : links.Admin(job.Id);
        await notifier.SendAsync(job.WorkspaceId, NotificationKind.Comments, recipients, "job-comment", new Dictionary<string, string>
        {
            ["Job"] = job.Title, ["Author"] = actor.Name, ["Comment"] = comment.Body, ["JobUrl"] = url,
        }, url, ct);
    }

    public async Task ChangeRequestedAsync(Job job, JobChangeRequest request, JobActor actor, JobLinks links, CancellationToken ct)
    {
        await notifier.SendAsync(job.WorkspaceId, NotificationKind.JobUpdates, await ManagerAsync(job, actor, ct), "job-change-requested",
            new Dictionary<string, string>
            {
                ["Job"] = job.Title, ["Author"] = actor.Name, ["Description"] = request.Description,
                ["Urgency"] = request.Urgency.ToString(), ["JobUrl"] = links.Admin(job.Id),
            }, links.Admin(job.Id), ct);
    }

    public async Task ChangeDecidedAsync(Job job, JobChangeRequest request, JobActor actor, JobLinks links, CancellationToken ct)
    {
        await notifier.SendAsync(job.WorkspaceId, NotificationKind.JobUpdates, await CustomersAsync(job, actor, ct), "job-change-decided",
            new Dictionary<string, string>
            {
                ["Job"] = job.Title, ["Decision"] = request.Status == ChangeRequestStatus.Approved ? "approved" : "rejected",
                ["Description"] = request.Description, ["Note"] = request.DecisionNote ?? "—", ["JobUrl"] = links.Customer(job.Id),
            }, links.Customer(job.Id), ct);
    }

    private async Task<List<string>> CustomersAsync(Job job, JobActor actor, CancellationToken ct) =>
        await db.WorkspaceMembers.Where(m => m.WorkspaceId == job.WorkspaceId && m.UserId != actor.UserId)
            .Join(db.Users.Where(u => u.EmailConfirmed && u.Email != null), m => m.UserId, u => u.Id, (_, u) => u.Email!)
            .ToListAsync(ct);

    private async Task<List<string>> ManagerAsync(Job job, JobActor actor, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == job.ManagerUserId && u.Id != actor.UserId && u.Email != null)
            .Select(u => u.Email!).ToListAsync(ct);
}
