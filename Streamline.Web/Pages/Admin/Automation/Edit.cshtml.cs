using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Audit;
using Streamline.Core.Automation;
using Streamline.Core.Credits;
using Streamline.Web.Infrastructure;
using Streamline.Web.Pages.Credits;

namespace Streamline.Web.Pages.Admin.Automation;

/// <summary>A SuperAdmin edits what customers see of a service and what a run costs; each save is audited with it.</summary>
[Authorize(Policy = WebSetup.SuperAdminPolicy)]
[KnownHandlersOnly]
public class EditModel(ServiceRegistry registry, AuditTrail audit) : PageModel
{
    public sealed class ServiceForm
    {
        [Required(ErrorMessage = "Enter the name customers see.")]
        [StringLength(ServiceLimits.Name, ErrorMessage = "At most 100 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Describe what the service does.")]
        [StringLength(ServiceLimits.Description, ErrorMessage = "At most 1,000 characters.")]
        public string Description { get; set; } = "";

        [Required(ErrorMessage = "Enter the price in credits (0 for free).")]
        [Display(Name = "Price (credits)")]
        public string Price { get; set; } = "";

        public ServiceStatus Status { get; set; }
    }

    [BindProperty] public ServiceForm Input { get; set; } = new();
    public ServiceListing Service { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        if (await registry.FindAsync(key, ct) is not { } service) return NotFound();
        Service = service;
        Input = new ServiceForm
        {
            Name = service.Name, Description = service.Description, Price = CreditInput.ToCredits(service.Price.Millicredits), Status = service.Status,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken ct)
    {
        if (await registry.FindAsync(key, ct) is not { } service) return NotFound();
        Service = service;
        var price = CreditInput.ToMillicredits(Input.Price);
        if (!string.IsNullOrWhiteSpace(Input.Price) && price is null) ModelState.AddModelError("Input.Price", CreditInput.Invalid);
        if (!Enum.IsDefined(Input.Status)) ModelState.AddModelError("Input.Status", "Choose a status.");
        if (!ModelState.IsValid) return Page();

        var edit = new ServiceEdit(Input.Name, Input.Description, price!.Value, Input.Status);
        var saved = await audit.RecordAsync(User.AuditActor(), AuditAction.ServiceEdited, c => registry.UpdateAsync(key, edit, c),
            s => s is null ? null : new AuditNote(null, $"service:{s.Key}",
                $"Saved service {s.Name}: {Pages.Automation.ServiceText.Price(s.Price)}, {s.Status}"), ct);
        if (saved is null) return NotFound();
        TempData["StatusMessage"] = $"Saved {saved.Name}. New runs use it from now on; runs already started keep their price.";
        return Redirect("/admin/services");
    }
}
