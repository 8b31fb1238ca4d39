using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Accounts;
using Streamline.Core.Automation;

namespace Streamline.Web.Pages.Admin.Automation;

/// <summary>The service registry: every admin reads it with each service's health and usage; only SuperAdmins edit it.</summary>
public class IndexModel(ServiceRegistry registry, TimeProvider clock) : PageModel
{
    public const int UsageDays = 30;

    public List<(ServiceListing Service, ServiceHealth Health, ServiceUsage? Usage)> Rows { get; private set; } = [];
    public bool CanEdit => User.IsInRole(Roles.SuperAdmin);
    [Microsoft.AspNetCore.Mvc.TempData] public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var usage = await registry.UsageSinceAsync(clock.GetUtcNow().UtcDateTime.AddDays(-UsageDays), ct);
        foreach (var service in await registry.ListAsync(ct))
        {
            ServiceHealth health;
            try
            {
                health = await service.Service.CheckHealthAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                health = new ServiceHealth(false, e.Message);
            }
            Rows.Add((service, health, usage.GetValueOrDefault(service.Key)));
        }
    }
}
