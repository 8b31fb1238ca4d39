using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Jobs;

namespace Streamline.Web.Pages.Admin.Jobs;

/// <summary>Every customer's jobs, filtered, as a table or as a board with one column per status.</summary>
public class IndexModel(StreamlineDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(Job Job, string WorkspaceName);

    [BindProperty(SupportsGet = true)] public JobStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public JobPriority? Priority { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Workspace { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public bool Board { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Workspaces { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var jobs = db.Jobs.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking();
        if (Status is { } status) jobs = jobs.Where(j => j.Status == status);
        if (Priority is { } priority) jobs = jobs.Where(j => j.Priority == priority);
        if (Workspace is { } workspace) jobs = jobs.Where(j => j.WorkspaceId == workspace);
        if (Overdue)
        {
            var today = Today;
            jobs = jobs.Where(j => j.DueDate < today && j.Status != JobStatus.Completed && j.Status != JobStatus.Cancelled);
        }
        var rows = await jobs.Join(db.Workspaces, j => j.WorkspaceId, w => w.Id, (j, w) => new { Job = j, w.Name }).ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Job, r.Name))
            .OrderBy(r => JobLifecycle.IsFinal(r.Job.Status)).ThenByDescending(r => r.Job.Priority).ThenBy(r => r.Job.DueDate ?? DateOnly.MaxValue)];
        var withJobs = db.Jobs.IgnoreQueryFilters(QueryFilters.Workspace).Select(j => j.WorkspaceId);
        Workspaces = [.. (await db.Workspaces.AsNoTracking().Where(w => withJobs.Contains(w.Id))
            .OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(ct)).Select(w => (w.Id, w.Name))];
    }
}
