using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Exports;
using Streamline.Core.Finance;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Finance;

[KnownHandlersOnly]
public class IndexModel(FinanceReport report, TimeProvider clock) : PageModel
{
    public const int DefaultPeriodDays = 30;
    public const int MaxPeriodDays = 366;

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public FinanceSummary Summary { get; private set; } = null!;
    public string? PeriodNote { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (first, last) = Period();
        Summary = await report.SummaryAsync(first, last, ct);
    }

    /// <summary>The period's revenue per day, then per month, then the period's figures, as the page shows them.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var (first, last) = Period();
        var s = await report.SummaryAsync(first, last, ct);
        var csv = new StringBuilder();
        csv.Append(Csv.Line("period", "payments", "gross_cents", "refunded_cents", "net_cents"));
        foreach (var d in s.Days)
            csv.Append(Csv.Line(d.Day.ToString("yyyy-MM-dd"), $"{d.Payments}", $"{d.GrossCents}", $"{d.RefundedCents}", $"{d.NetCents}"));
        foreach (var m in s.Months)
            csv.Append(Csv.Line($"{m.Year:D4}-{m.Month:D2}", "", $"{m.GrossCents}", $"{m.RefundedCents}", $"{m.NetCents}"));
        csv.Append("\r\n").Append(Csv.Line("figure", "value"));
        foreach (var (name, value) in Figures(s)) csv.Append(Csv.Line(name, value));
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"finance-{first:yyyyMMdd}-{last:yyyyMMdd}.csv",
        }.ToString();
        return Content(csv.ToString(), "text/csv; charset=utf-8");
    }

    /// <summary>Machine-read figures: cents, millicredits and counts, never formatted.</summary>
    public static IEnumerable<(string Name, string Value)> Figures(FinanceSummary s)
    {
        yield return ("net_revenue_cents", $"{s.NetRevenueCents}");
        yield return ("mrr_cents", $"{s.MrrCents}");
        foreach (var p in s.Plans) yield return ($"live_subscriptions:{p.Plan}", $"{p.Active}");
        yield return ("new_subscriptions", $"{s.NewSubscriptions}");
        yield return ("churned_subscriptions", $"{s.ChurnedSubscriptions}");
        yield return ("live_subscriptions_at_start", $"{s.LiveAtStart}");
        yield return ("churn_rate", s.ChurnRate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        yield return ("paying_workspaces", $"{s.PayingWorkspaces}");
        yield return ("average_revenue_per_workspace_cents", s.AverageRevenuePerWorkspaceCents?.ToString() ?? "");
        yield return ("credits_outstanding_millicredits", $"{s.Outstanding.Millicredits}");
        yield return ("credits_liability_cents", $"{s.Outstanding.LiabilityCents}");
        yield return ("credits_purchased_millicredits", $"{s.Credits.Purchased}");
        yield return ("credits_granted_millicredits", $"{s.Credits.Granted}");
        yield return ("credits_consumed_millicredits", $"{s.Credits.Consumed}");
        yield return ("promotion_cost_cents", $"{s.PromotionCostCents}");
    }

    /// <summary>Chart.js configuration, read by charts.js from a JSON block (no inline script under our CSP).</summary>
    public string RevenueChartJson() => JsonSerializer.Serialize(new
    {
        type = "bar",
        data = new
        {
            labels = Summary.Days.Select(d => d.Day.ToString("MM-dd")),
            datasets = new[] { new { label = "Net revenue (USD)", data = Summary.Days.Select(d => d.NetCents / 100m) } },
        },
        options = new { plugins = new { legend = new { display = false } } },
    });

    private (DateOnly First, DateOnly Last) Period()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = To ?? today;
        var first = From ?? last.AddDays(1 - DefaultPeriodDays);
        if (first > last) (first, last) = (last, first);
        if (last.DayNumber - first.DayNumber + 1 > MaxPeriodDays)
        {
            first = last.AddDays(1 - MaxPeriodDays);
            PeriodNote = $"A period is at most {MaxPeriodDays} days; showing the {MaxPeriodDays} days up to {last:yyyy-MM-dd}.";
        }
        return (first, last);
    }
}
