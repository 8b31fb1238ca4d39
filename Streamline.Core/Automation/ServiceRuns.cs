using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Core.Automation;

public sealed record StartResult(ServiceRun? Run, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Run is not null;
    public static StartResult Refused(string error) => new(null, new Dictionary<string, string> { [""] = error });
}

/// <summary>
/// A workspace's service runs: request one (checked, credits held, queued), cancel one, list and read them.
/// Every method takes the workspace explicitly, so pages and jobs share one tenant rule.
/// </summary>
public sealed class ServiceRuns(StreamlineDbContext db, ServiceRegistry registry, CreditService credits, ServiceFiles files,
    IBackgroundJobClient jobs, IOptions<AutomationOptions> options, TimeProvider clock)
{
    public static string HoldKey(Guid runId) => $"service-run:{runId}:hold";
    public static string CaptureKey(Guid runId) => $"service-run:{runId}:capture";
    public static string ReleaseKey(Guid runId) => $"service-run:{runId}:release";

    private IQueryable<ServiceRun> Runs(Guid workspaceId) =>
        db.ServiceRuns.IgnoreQueryFilters(QueryFilters.Workspace).Where(r => r.WorkspaceId == workspaceId);

    /// <summary>
    /// Checks the request with its service, holds what the run can cost at most and queues it. Nothing is held for a
    /// refused request, and nothing is queued without its hold.
    /// </summary>
    public async Task<StartResult> StartAsync(Guid workspaceId, Guid? userId, string key, IReadOnlyDictionary<string, string> input,
        CancellationToken ct = default)
    {
        if (await registry.FindAsync(key, ct) is not { IsActive: true } listing)
            return StartResult.Refused("This service is not available.");
        var fields = listing.Service.Fields;
        var request = fields.ToDictionary(f => f.Name, f => (input.GetValueOrDefault(f.Name) ?? "").Trim());
        var errors = new Dictionary<string, string>();
        foreach (var f in fields)
        {
            if (f.Required && request[f.Name].Length == 0) errors[f.Name] = $"Enter {f.Label.ToLowerInvariant()}.";
            else if (request[f.Name].Length > f.MaxLength) errors[f.Name] = $"At most {f.MaxLength:N0} characters.";
            else if (f.Kind == FieldKind.Choice && request[f.Name].Length > 0 && f.Choices?.Contains(request[f.Name]) != true)
                errors[f.Name] = "Choose one of the options.";
        }
        if (errors.Count > 0) return new StartResult(null, errors);
        var check = listing.Service.Check(request);
        if (!check.IsValid) return new StartResult(null, check.Errors);

        var serialized = JsonSerializer.Serialize(request);
        if (serialized.Length > ServiceLimits.Input) return StartResult.Refused("This request is too long; shorten it and try again.");
        var allowance = await listing.Service.ModelAllowanceAsync(request, check.Units, ct);
        var run = new ServiceRun
        {
            WorkspaceId = workspaceId,
            ServiceKey = key,
            ServiceName = listing.Name,
            RequestedBy = userId,
            Input = serialized,
            PriceMillicredits = listing.Price.Millicredits,
            PriceUnit = listing.Price.Unit,
            HeldMillicredits = checked(listing.Price.For(check.Units) + allowance),
            ModelAllowanceMillicredits = allowance,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (run.HeldMillicredits > 0)
        {
            var held = await credits.ReserveAsync(workspaceId, run.HeldMillicredits, $"{listing.Name} run", options.Value.HoldLifetime,
                HoldKey(run.Id), userId, ct);
            if (held.Outcome == ReservationOutcome.Paused)
                return StartResult.Refused("Credit use is paused for this workspace; contact us to resume it.");
            if (!held.Succeeded)
                return StartResult.Refused($"This run needs {CreditAmount.Credits(run.HeldMillicredits)} and the balance is " +
                                           $"{CreditAmount.Credits(held.BalanceAfter ?? 0)}. Buy credits and try again.");
            run.ReservationId = held.ReservationId;
        }
        db.ServiceRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            db.Entry(run).State = EntityState.Detached;
            if (run.ReservationId is { } reservation) await credits.ReleaseAsync(reservation, ReleaseKey(run.Id), CancellationToken.None);
            throw;
        }
        db.Entry(run).State = EntityState.Detached;
        RunLater(run.Id);
        return new StartResult(run, new Dictionary<string, string>());
    }

    public void RunLater(Guid runId) => jobs.Enqueue<RunAutomationService>(j => j.RunAsync(runId, CancellationToken.None));

    /// <summary>
    /// A queued run is cancelled here and its hold returned; a running one is asked to stop, and stops at its next
    /// progress report. False when the run is not this workspace's or already finished.
    /// </summary>
    public async Task<bool> CancelAsync(Guid workspaceId, Guid runId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cancelled = await Runs(workspaceId).Where(r => r.Id == runId && r.Status == ServiceRunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ServiceRunStatus.Cancelled).SetProperty(r => r.CancelRequested, true)
                .SetProperty(r => r.FinishedAt, now), ct);
        if (cancelled == 1)
        {
            var reservation = await Runs(workspaceId).Where(r => r.Id == runId).Select(r => r.ReservationId).SingleAsync(ct);
            if (reservation is { } id) await credits.ReleaseAsync(id, ReleaseKey(runId), ct);
            return true;
        }
        return await Runs(workspaceId).Where(r => r.Id == runId && r.Status == ServiceRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), ct) == 1;
    }

    public Task<List<ServiceRun>> ListAsync(Guid workspaceId, int take = 50, CancellationToken ct = default) =>
        Runs(workspaceId).AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(take).ToListAsync(ct);

    public Task<ServiceRun?> FindAsync(Guid workspaceId, Guid runId, CancellationToken ct = default) =>
        Runs(workspaceId).AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);

    /// <summary>An output file of a finished run of this workspace, or null.</summary>
    public async Task<Stream?> OpenFileAsync(Guid workspaceId, Guid runId, string name, CancellationToken ct = default)
    {
        var run = await FindAsync(workspaceId, runId, ct);
        if (run is not { Status: ServiceRunStatus.Succeeded } || !run.FileNames.Contains(name)) return null;
        return files.OpenRead(workspaceId, runId, name);
    }

    public static IReadOnlyDictionary<string, string> InputOf(ServiceRun run) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(run.Input) ?? [];
}
