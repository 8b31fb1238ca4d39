using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Core.Automation;

/// <summary>
/// Runs one queued service run: claims the row (a conditional UPDATE, so a repeated job does nothing), runs the
/// service, and closes the credit hold: a capture of what it used on success, a release on failure or cancel.
/// Every close has a key derived from the run, so however often this runs, a run is charged at most once.
/// </summary>
public sealed class RunAutomationService(StreamlineDbContext db, ServiceRegistry registry, CreditService credits, ServiceFiles files,
    IOptions<AutomationOptions> options, TimeProvider clock, ILogger<RunAutomationService> log)
{
    public const int MaxAttempts = 3;

    private IQueryable<ServiceRun> Runs => db.ServiceRuns.IgnoreQueryFilters(QueryFilters.Workspace);

    public async Task RunAsync(Guid runId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = now - options.Value.RunLease;
        var claimed = await Runs
            .Where(r => r.Id == runId && !r.CancelRequested && (r.Status == ServiceRunStatus.Queued
                        || (r.Status == ServiceRunStatus.Running && r.StartedAt < staleBefore)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ServiceRunStatus.Running).SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
        if (claimed == 0) return;

        var run = await Runs.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
        if (run.Attempts > MaxAttempts)
        {
            // Each earlier attempt died with its worker: running it again would only take another one down.
            await FailAsync(run, $"The run stopped {MaxAttempts} times without finishing; nothing was charged. Tell us, and we will look into it.");
            return;
        }
        if (await registry.FindAsync(run.ServiceKey, ct) is not { IsActive: true } listing)
        {
            await FailAsync(run, "This service was switched off before the run started; nothing was charged.");
            return;
        }

        var context = new ServiceRunContext(db, files, run, ServiceRuns.InputOf(run));
        ServiceResult result;
        try
        {
            result = await listing.Service.RunAsync(context, ct);
        }
        catch (ServiceRunCancelledException)
        {
            await CloseAsync(run, ServiceRunStatus.Cancelled, "Cancelled; nothing was charged.", deleteFiles: true);
            return;
        }
        catch (ServiceRunException e)
        {
            await FailAsync(run, e.Message);
            return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping: back to the queue, so Hangfire's retry (or the sweep) claims it afresh.
            await Runs.Where(r => r.Id == run.Id && r.Status == ServiceRunStatus.Running).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ServiceRunStatus.Queued).SetProperty(r => r.StartedAt, (DateTime?)null), CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            log.LogError(e, "Service run {RunId} of {Service} failed", run.Id, run.ServiceKey);
            await FailAsync(run, "The run failed unexpectedly; nothing was charged. Try again, and tell us if it keeps failing.");
            return;
        }
        await SucceedAsync(run, result, context.WrittenFiles);
    }

    private async Task SucceedAsync(ServiceRun run, ServiceResult result, IReadOnlyList<string> written)
    {
        var price = new ServicePrice(run.PriceMillicredits, run.PriceUnit);
        // Never more than was held: a service that used more units or model calls than it was paid for gets no more.
        var model = Math.Clamp(result.ModelMillicredits, 0, run.ModelAllowanceMillicredits);
        var charge = Math.Min(run.HeldMillicredits, price.For(result.UnitsUsed) + model);
        model = Math.Min(model, charge);
        if (run.ReservationId is { } reservation)
        {
            var captured = await credits.CaptureAsync(reservation, charge, ServiceRuns.CaptureKey(run.Id), CancellationToken.None);
            if (!captured.Succeeded)
            {
                // The hold was closed under the run (expired, or released by the sweeper): the credits are back in the
                // wallet already, and the output is not delivered unpaid.
                await FailAsync(run, "The credits held for this run were returned before it finished, so nothing was charged. Run it again.");
                return;
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var summary = Truncate(result.Summary, 500);
        var names = string.Join('|', written);
        var units = result.UnitsUsed;
        await Runs.Where(r => r.Id == run.Id && r.Status == ServiceRunStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ServiceRunStatus.Succeeded)
            .SetProperty(r => r.Progress, 100)
            .SetProperty(r => r.CostMillicredits, charge)
            .SetProperty(r => r.ModelCostMillicredits, model)
            .SetProperty(r => r.UnitsUsed, units)
            .SetProperty(r => r.Summary, summary)
            .SetProperty(r => r.Files, names.Length > 0 ? names : null)
            .SetProperty(r => r.FinishedAt, now), CancellationToken.None);
    }

    private Task FailAsync(ServiceRun run, string error) => CloseAsync(run, ServiceRunStatus.Failed, error, deleteFiles: true);

    private async Task CloseAsync(ServiceRun run, ServiceRunStatus status, string error, bool deleteFiles)
    {
        // Released before the row says so: a crash in between leaves a run that is still Running with nothing held,
        // which a later claim finishes; the other order could leave a failed run holding credits until expiry.
        if (run.ReservationId is { } reservation)
            await credits.ReleaseAsync(reservation, ServiceRuns.ReleaseKey(run.Id), CancellationToken.None);
        if (deleteFiles) files.DeleteAll(run.WorkspaceId, run.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        var message = Truncate(error, 500);
        await Runs.Where(r => r.Id == run.Id && r.Status == ServiceRunStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.CostMillicredits, 0L)
            .SetProperty(r => r.Error, message)
            .SetProperty(r => r.FinishedAt, now), CancellationToken.None);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
