using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Customers;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Customers;

[KnownHandlersOnly]
public class ShowModel(CustomerDirectory directory, CustomerService customers) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Give a reason: the audit log keeps it with your name.")]
    [StringLength(CustomerService.ReasonLength, ErrorMessage = "At most 500 characters.")]
    [Display(Name = "Reason")]
    public string? Reason { get; set; }

    [TempData] public string? StatusMessage { get; set; }

    public SupportView View { get; private set; } = null!;
    public bool CanChangeRoles => User.IsInRole(Roles.SuperAdmin);

    public async Task<IActionResult> OnGetAsync(Guid workspaceId, CancellationToken ct) =>
        await LoadAsync(workspaceId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSuspendAsync(Guid workspaceId, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await LoadAsync(workspaceId, ct) ? Page() : NotFound();
        var change = await customers.SuspendAsync(workspaceId, Reason, User.AuditActor(), ct);
        if (change == CustomerChange.NotFound) return NotFound();
        StatusMessage = change == CustomerChange.Done
            ? "Suspended: the widget and the API are unavailable, and its people see why when they sign in."
            : "This workspace was already suspended.";
        return RedirectToPage(new { workspaceId });
    }

    public async Task<IActionResult> OnPostReactivateAsync(Guid workspaceId, CancellationToken ct)
    {
        var change = await customers.ReactivateAsync(workspaceId, User.AuditActor(), ct);
        if (change == CustomerChange.NotFound) return NotFound();
        StatusMessage = change == CustomerChange.Done ? "Reactivated: the widget and the API work again." : "This workspace was not suspended.";
        return RedirectToPage(new { workspaceId });
    }

    /// <summary>Only a SuperAdmin hands out or takes back back-office roles.</summary>
    public async Task<IActionResult> OnPostRoleAsync(Guid workspaceId, Guid userId, string? role, bool grant, CancellationToken ct)
    {
        if (!CanChangeRoles) return Forbid();
        if (!await LoadAsync(workspaceId, ct)) return NotFound();
        // Only the people of this workspace are changed from its page.
        if (View.Members.All(m => m.UserId != userId)) return NotFound();
        var change = await customers.SetRoleAsync(userId, role ?? "", grant, User.AuditActor(), ct);
        StatusMessage = change switch
        {
            CustomerChange.Done => grant ? $"Granted {role}." : $"Revoked {role}. It takes effect at their next request check (within 30 minutes) or sign-in.",
            CustomerChange.AlreadyThat => grant ? $"They already have {role}." : $"They do not have {role}.",
            CustomerChange.LastSuperAdmin => "This is the last SuperAdmin: grant the role to someone else first.",
            CustomerChange.NotFound => "There is no such user.",
            _ => "Only the Admin and SuperAdmin roles can be changed here.",
        };
        return RedirectToPage(new { workspaceId });
    }

    private async Task<bool> LoadAsync(Guid workspaceId, CancellationToken ct)
    {
        if (await directory.SupportViewAsync(workspaceId, ct) is not { } view) return false;
        View = view;
        return true;
    }
}
