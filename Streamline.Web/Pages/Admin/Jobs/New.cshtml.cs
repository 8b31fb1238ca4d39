using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Jobs;

namespace Streamline.Web.Pages.Admin.Jobs;

/// <summary>Starts a job in Planning for a customer's workspace; the rest is filled in on the job page.</summary>
public class NewModel(StreamlineDbContext db, JobService jobs) : PageModel
{
    public sealed class NewJobInput
    {
        [Required(ErrorMessage = "Choose the customer's workspace.")]
        [Display(Name = "Customer workspace")]
        public Guid? WorkspaceId { get; set; }

        [Required(ErrorMessage = "Give the job a title.")]
        [StringLength(JobLimits.Title, ErrorMessage = "At most 150 characters.")]
        public string? Title { get; set; }
    }

    [BindProperty] public NewJobInput Input { get; set; } = new();
    public IReadOnlyList<SelectListItem> Workspaces { get; private set; } = [];

    public async Task OnGetAsync(Guid? workspace, CancellationToken ct)
    {
        Input.WorkspaceId = workspace;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Input.WorkspaceId is { } id && !await db.Workspaces.AnyAsync(w => w.Id == id, ct))
            ModelState.AddModelError("Input.WorkspaceId", "That workspace no longer exists.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var admin = new JobActor(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!),
            User.FindFirstValue("streamline:name") ?? User.Identity?.Name ?? "Admin", IsAdmin: true);
        var job = await jobs.CreateAsync(Input.WorkspaceId!.Value, Input.Title!, admin, ct);
        return Redirect($"/admin/projects/{job.Id}");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Workspaces = [.. await db.Workspaces.AsNoTracking().OrderBy(w => w.Name)
            .Select(w => new SelectListItem(w.Name, w.Id.ToString())).ToListAsync(ct)];
}
