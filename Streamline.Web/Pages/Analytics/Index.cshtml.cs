using System.Text;
using System.Text.Json;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Analytics;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Analytics;

/// <summary>The report a period picker shows, and how its links and exports name the same period.</summary>
public sealed record AnalyticsView(AnalyticsReport Report, int? Preset, string? Error)
{
    public string Query(string? handler = null, string? table = null)
    {
        var parts = new List<string>();
        if (handler is not null) parts.Add($"handler={handler}");
        if (table is not null) parts.Add($"table={table}");
        if (Preset is { } days) parts.Add($"days={days}");
        else parts.Add($"from={Report.Period.From:yyyy-MM-dd}&to={Report.Period.To:yyyy-MM-dd}");
        if (Report.CampaignId is { } id) parts.Add($"campaign={id}");
        return "/analytics?" + string.Join('&', parts);
    }

    /// <summary>The same report for the last <paramref name="days"/> days.</summary>
    public string WithPreset(int days) =>
        $"/analytics?days={days}" + (Report.CampaignId is { } id ? $"&campaign={id}" : "");
}

/// <summary>The workspace's numbers for a period, compared with the period before; every table also as CSV.</summary>
[KnownHandlersOnly]
public class IndexModel(AnalyticsReports reports, AnalyticsQuery analytics, CurrentWorkspace current) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Days { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Campaign { get; set; }

    public AnalyticsView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (await LoadAsync(ct) is not { } view) return NotFound();
        View = view;
        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() ? Partial("_Report", view) : Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken ct)
    {
        if (current.Active is null || await LoadAsync(ct) is not { } view) return NotFound();
        if (AnalyticsCsv.Write(view.Report, table ?? "") is not { } csv) return NotFound();
        Response.Headers.CacheControl = "private, no-store";
        var period = view.Report.Period;
        return File(new UTF8Encoding(false).GetBytes(csv), "text/csv; charset=utf-8", $"analytics-{table}-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}.csv");
    }

    private async Task<AnalyticsView?> LoadAsync(CancellationToken ct)
    {
        // A date that does not parse leaves its property null and an error in ModelState: the default period is shown, with why.
        var unreadable = !ModelState.IsValid;
        var (period, error) = AnalyticsPeriod.Choose(Days, From, To, analytics.Today);
        if (unreadable) error = "Dates look like 2026-12-31.";
        var report = await reports.ForPeriodAsync(period, Campaign, ct);
        if (report is null) return null;
        int? preset = error is not null ? AnalyticsPeriod.DefaultDays : Days ?? (From is null && To is null ? AnalyticsPeriod.DefaultDays : null);
        return new AnalyticsView(report, preset, error);
    }

    public static string TrendChartJson(AnalyticsReport report) => JsonSerializer.Serialize(new
    {
        type = "line",
        data = new
        {
            labels = report.ByDay.Select(d => d.Day!.Value.ToString("MM-dd")),
            datasets = new object[]
            {
                new { label = "Conversations", data = report.ByDay.Select(d => d.Measures.Conversations), cubicInterpolationMode = "monotone" },
                new { label = "Leads", data = report.ByDay.Select(d => d.Measures.Leads), cubicInterpolationMode = "monotone" },
                new { label = "Won", data = report.ByDay.Select(d => d.Measures.Won), cubicInterpolationMode = "monotone" },
            },
        },
        options = new { interaction = new { mode = "index", intersect = false }, scales = new { y = new { beginAtZero = true, ticks = new { precision = 0 } } } },
    });

    public static string RevenueChartJson(AnalyticsReport report) => JsonSerializer.Serialize(new
    {
        type = "bar",
        data = new
        {
            labels = report.ByDay.Select(d => d.Day!.Value.ToString("MM-dd")),
            datasets = new[] { new { label = "Revenue", data = report.ByDay.Select(d => d.Measures.RevenueCents / 100m) } },
        },
        options = new { plugins = new { legend = new { display = false } }, scales = new { y = new { beginAtZero = true } } },
    });
}
