using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Automation;

/// <summary>A registered service as customers and admins see it: its class's defaults under a SuperAdmin's edits.</summary>
public sealed record ServiceListing(AutomationService Service, string Name, string Description, ServicePrice Price, ServiceStatus Status)
{
    public string Key => Service.Key;
    public bool IsActive => Status == ServiceStatus.Active;
}

public sealed record ServiceEdit(string Name, string Description, long PriceMillicredits, ServiceStatus Status);

/// <summary>What each service did over a period, for the admin's list.</summary>
public sealed record ServiceUsage(string Key, int Runs, int Succeeded, int Failed, long CreditsCharged);

/// <summary>The registered services (from DI, in registration order) with their stored settings.</summary>
public sealed class ServiceRegistry(StreamlineDbContext db, IEnumerable<AutomationService> registered, TimeProvider clock)
{
    public IReadOnlyList<AutomationService> Registered { get; } = [.. registered];

    public async Task<List<ServiceListing>> ListAsync(CancellationToken ct = default)
    {
        var stored = await db.Set<ServiceSettings>().AsNoTracking().ToDictionaryAsync(s => s.Key, ct);
        return [.. Registered.Select(s => Listing(s, stored.GetValueOrDefault(s.Key)))];
    }

    public async Task<List<ServiceListing>> ListActiveAsync(CancellationToken ct = default) =>
        [.. (await ListAsync(ct)).Where(s => s.IsActive)];

    public async Task<ServiceListing?> FindAsync(string key, CancellationToken ct = default)
    {
        if (Registered.FirstOrDefault(s => s.Key == key) is not { } service) return null;
        return Listing(service, await db.Set<ServiceSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct));
    }

    /// <summary>Stores a SuperAdmin's edit; null when no service has the key.</summary>
    public async Task<ServiceListing?> UpdateAsync(string key, ServiceEdit edit, CancellationToken ct = default)
    {
        if (Registered.FirstOrDefault(s => s.Key == key) is not { } service) return null;
        ArgumentOutOfRangeException.ThrowIfNegative(edit.PriceMillicredits);
        var row = await db.Set<ServiceSettings>().SingleOrDefaultAsync(s => s.Key == key, ct);
        if (row is null)
        {
            row = new ServiceSettings { Key = key, Name = edit.Name, Description = edit.Description };
            db.Add(row);
        }
        row.Name = edit.Name.Trim();
        row.Description = edit.Description.Trim();
        row.PriceMillicredits = edit.PriceMillicredits;
        row.Status = edit.Status;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Listing(service, row);
    }

    public async Task<Dictionary<string, ServiceUsage>> UsageSinceAsync(DateTime since, CancellationToken ct = default)
    {
        var rows = await db.ServiceRuns.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(r => r.CreatedAt >= since)
            .GroupBy(r => r.ServiceKey)
            .Select(g => new ServiceUsage(g.Key, g.Count(),
                g.Count(r => r.Status == ServiceRunStatus.Succeeded),
                g.Count(r => r.Status == ServiceRunStatus.Failed),
                g.Sum(r => r.CostMillicredits)))
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Key);
    }

    private static ServiceListing Listing(AutomationService service, ServiceSettings? stored) => stored is null
        ? new ServiceListing(service, service.Name, service.Description, service.Price, ServiceStatus.Active)
        : new ServiceListing(service, stored.Name, stored.Description, service.Price with { Millicredits = stored.PriceMillicredits }, stored.Status);
}
