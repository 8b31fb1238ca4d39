using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Admin.Credits;

public class IndexModel(CreditReports reports, TimeProvider clock) : PageModel
{
    public const int DefaultPeriodDays = 30;
    public const int MaxPeriodDays = 366;

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public DateOnly First { get; private set; }
    public DateOnly Last { get; private set; }
    public string? PeriodNote { get; private set; }
    public OutstandingCredits Outstanding { get; private set; } = new(0, 0, 0);
    public CreditTotals Totals { get; private set; } = new(new Dictionary<LedgerEntryType, TypeTotal>());
    public List<DayRevenue> Revenue { get; private set; } = [];
    public WorkspaceListView Workspaces { get; private set; } = null!;

    public long RevenueNetCents => Revenue.Sum(d => d.NetCents);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ChoosePeriod();
        Outstanding = await reports.OutstandingAsync(ct);
        Totals = await reports.TotalsAsync(StartOf(First), StartOf(Last.AddDays(1)), null, ct);
        Revenue = await reports.RevenueByDayAsync(First, Last, ct);
        Workspaces = await LoadWorkspacesAsync(ct);
    }

    /// <summary>The workspace list alone, for the search box's live filtering.</summary>
    public async Task<IActionResult> OnGetWorkspacesAsync(CancellationToken ct)
    {
        ChoosePeriod();
        return Partial("_WorkspaceList", await LoadWorkspacesAsync(ct));
    }

    /// <summary>Chart.js configuration for the revenue chart, read by charts.js from a JSON block (no inline script under our CSP).</summary>
    public string RevenueChartJson() => JsonSerializer.Serialize(new
    {
        type = "bar",
        data = new
        {
            labels = Revenue.Select(d => d.Day.ToString("MM-dd")),
            datasets = new[] { new { label = "Net revenue (USD)", data = Revenue.Select(d => d.NetCents / 100m) } },
        },
        options = new { plugins = new { legend = new { display = false } } },
    });

    private async Task<WorkspaceListView> LoadWorkspacesAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var (rows, total) = await reports.WorkspacesAsync(Search, PageNumber, WorkspaceListView.PageSize, ct);
        return new WorkspaceListView(rows, total, PageNumber, Search, First, Last);
    }

    private void ChoosePeriod()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Last = To ?? today;
        First = From ?? Last.AddDays(1 - DefaultPeriodDays);
        if (First > Last) (First, Last) = (Last, First);
        if (Last.DayNumber - First.DayNumber + 1 > MaxPeriodDays)
        {
            First = Last.AddDays(1 - MaxPeriodDays);
            PeriodNote = $"A period is at most {MaxPeriodDays} days; showing the {MaxPeriodDays} days up to {Last:yyyy-MM-dd}.";
        }
    }

    private static DateTime StartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
