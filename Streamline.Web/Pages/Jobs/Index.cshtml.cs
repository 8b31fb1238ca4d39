using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Jobs;

namespace Streamline.Web.Pages.Jobs;

/// <summary>The current workspace's jobs with the agency, open ones first.</summary>
public class IndexModel(StreamlineDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Job> Jobs { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // The workspace query filter scopes this to the current workspace.
        var jobs = await db.Jobs.AsNoTracking().ToListAsync(ct);
        Jobs = [.. jobs.OrderBy(j => JobLifecycle.IsFinal(j.Status)).ThenBy(j => j.DueDate ?? DateOnly.MaxValue).ThenBy(j => j.Title)];
    }
}
