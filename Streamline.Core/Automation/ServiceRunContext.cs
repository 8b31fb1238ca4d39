using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Automation;

/// <summary>The customer asked to cancel the run; thrown from <see cref="ServiceRunContext.ReportProgressAsync"/>.</summary>
public sealed class ServiceRunCancelledException() : OperationCanceledException("The run was cancelled.");

/// <summary>What a service sees of its run: the request, progress reporting (which notices a cancel) and its output folder.</summary>
public sealed class ServiceRunContext(StreamlineDbContext db, ServiceFiles files, ServiceRun run, IReadOnlyDictionary<string, string> input)
{
    private readonly List<string> _written = [];

    public Guid RunId => run.Id;
    public Guid WorkspaceId => run.WorkspaceId;
    public Guid? RequestedBy => run.RequestedBy;
    public IReadOnlyDictionary<string, string> Input => input;

    /// <summary>The units credits were held for: the most the run may use.</summary>
    public int UnitsHeld => run.PriceUnit == PriceUnit.PerUnit && run.PriceMillicredits > 0
        ? (int)Math.Min(int.MaxValue, (run.HeldMillicredits - run.ModelAllowanceMillicredits) / run.PriceMillicredits)
        : int.MaxValue;

    /// <summary>What was held for AI model calls: the most <see cref="ServiceResult.ModelMillicredits"/> can charge.</summary>
    public long ModelAllowanceMillicredits => run.ModelAllowanceMillicredits;

    public IReadOnlyList<string> WrittenFiles => _written;

    public string Get(string field) => input.TryGetValue(field, out var value) ? value : "";

    /// <summary>Stores progress (0–100) for the run's page, and stops the run if the customer cancelled it.</summary>
    public async Task ReportProgressAsync(int percent, string? note, CancellationToken ct)
    {
        percent = Math.Clamp(percent, 0, 100);
        note = note is { Length: > 200 } ? note[..199] + "…" : note;
        await Runs.Where(r => r.Id == run.Id && r.Status == ServiceRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, percent).SetProperty(r => r.ProgressNote, note), ct);
        if (await Runs.AnyAsync(r => r.Id == run.Id && r.CancelRequested, ct)) throw new ServiceRunCancelledException();
    }

    public async Task WriteFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await files.WriteAsync(run.WorkspaceId, run.Id, name, bytes, ct);
        if (!_written.Contains(name)) _written.Add(name);
    }

    private IQueryable<ServiceRun> Runs => db.ServiceRuns.IgnoreQueryFilters(QueryFilters.Workspace);
}
