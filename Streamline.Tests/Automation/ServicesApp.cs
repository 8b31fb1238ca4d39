using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Automation;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Admin;

namespace Streamline.Tests.Automation;

/// <summary>
/// An admin app whose scraper may fetch the tests' local site (<c>localhost</c> allowlisted), with three services of
/// its own, each registered in one line as a real service would be. Its own app: the tests edit the registry.
/// </summary>
public class ServicesApp : AdminApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Services:Scraper:AllowedHosts:0"] = "localhost";
        settings["Services:Scraper:Timeout"] = "00:00:05";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddAutomationService<SlowService>();
            services.AddAutomationService<LapsingHoldService>();
            services.AddAutomationService<EditableService>();
        });
    }
}

public sealed class PostgresServicesApp : ServicesApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Reports progress for a while, so a test can cancel it mid-run.</summary>
public sealed class SlowService : AutomationService
{
    public override string Key => "test-slow";
    public override string Name => "Slow test service";
    public override string Description => "Takes its time.";
    public override ServicePrice Price => new(2_000);
    public override ServiceCheck Check(IReadOnlyDictionary<string, string> input) => ServiceCheck.Valid();

    public override async Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            await run.ReportProgressAsync(i / 3, $"Step {i}", ct);
            await Task.Delay(50, ct);
        }
        return new ServiceResult(1, "Finished");
    }
}

/// <summary>Its credit hold lapses while it works, as when the expiry sweep closes it under a long run.</summary>
public sealed class LapsingHoldService(StreamlineDbContext db, CreditService credits) : AutomationService
{
    public override string Key => "test-lapsing";
    public override string Name => "Lapsing hold test service";
    public override string Description => "Outlives its credit hold.";
    public override ServicePrice Price => new(1_000);
    public override ServiceCheck Check(IReadOnlyDictionary<string, string> input) => ServiceCheck.Valid();

    public override async Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct)
    {
        var reservation = await db.ServiceRuns.IgnoreQueryFilters().Where(r => r.Id == run.RunId).Select(r => r.ReservationId).SingleAsync(ct);
        var past = DateTime.UtcNow.AddMinutes(-1);
        await db.CreditReservations.IgnoreQueryFilters().Where(r => r.Id == reservation)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, past), ct);
        await credits.ReleaseExpiredAsync(DateTime.UtcNow, ct);
        await run.WriteFileAsync("result.txt", "work"u8.ToArray(), ct);
        return new ServiceResult(1, "Did the work");
    }
}

/// <summary>Does nothing; the tests edit its name, price and status.</summary>
public sealed class EditableService : AutomationService
{
    public override string Key => "test-editable";
    public override string Name => "Editable test service";
    public override string Description => "For the registry's edit tests.";
    public override ServicePrice Price => new(1_000);
    public override ServiceCheck Check(IReadOnlyDictionary<string, string> input) => ServiceCheck.Valid();
    public override Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct) => Task.FromResult(new ServiceResult(1, "Done"));
}
