using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Automation;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Automation;

/// <summary>A service's request form, drawn from the fields the service declares; posting it holds credits and queues the run.</summary>
[KnownHandlersOnly]
public class NewModel(ServiceRegistry registry, ServiceRuns runs, CurrentWorkspace current, UserManager<AppUser> users) : PageModel
{
    [BindProperty] public Dictionary<string, string> Input { get; set; } = [];
    public ServiceListing Service { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (await registry.FindAsync(key, ct) is not { IsActive: true } service) return NotFound();
        Service = service;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken ct)
    {
        if (current.Active is null || await registry.FindAsync(key, ct) is not { IsActive: true } service) return NotFound();
        Service = service;
        var started = await runs.StartAsync(current.Id, Guid.Parse(users.GetUserId(User)!), key, Input, ct);
        if (!started.Succeeded)
        {
            foreach (var (field, error) in started.Errors) ModelState.AddModelError(field.Length == 0 ? "" : $"Input[{field}]", error);
            return Page();
        }
        return Redirect($"/services/runs/{started.Run!.Id}");
    }

    public string Value(string field) => Input.GetValueOrDefault(field) ?? "";
}
