using System.Globalization;
using System.Text.Json;
using Streamline.Core.Assistant;

namespace Streamline.Web.Pages.Assistant;

/// <summary>
/// The Chart.js config (read by charts.js from <c>data-chart-json</c>, which survives an htmx swap) of a table its tool
/// marks as a series: drawn from the table's own cells, so the chart shows no figure the table does not.
/// </summary>
public static class LeoChart
{
    private const int MaxLabelLength = 40;

    public static string? Json(AssistantTable? table)
    {
        if (table?.Chart is not { } chart || table.Rows.Count < 2) return null;
        var labelAt = table.Columns.ToList().IndexOf(chart.LabelColumn);
        var datasets = new List<object>();
        foreach (var column in chart.ValueColumns)
        {
            var at = table.Columns.ToList().IndexOf(column);
            var values = table.Rows.Select(r => Number(r[at])).ToList();
            if (values.Any(v => v is null)) return null;
            datasets.Add(new { label = column, data = values });
        }
        return JsonSerializer.Serialize(new
        {
            type = "bar",
            data = new { labels = table.Rows.Select(r => Label(r[labelAt])), datasets },
            options = new
            {
                indexAxis = chart.Horizontal ? "y" : "x",
                plugins = new { legend = new { display = datasets.Count > 1 } },
                scales = new Dictionary<string, object> { [chart.Horizontal ? "x" : "y"] = new { beginAtZero = true, ticks = new { precision = 0 } } },
            },
        });
    }

    /// <summary>A cell as the tools format counts ("1,234").</summary>
    private static decimal? Number(string cell) =>
        decimal.TryParse(cell, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Label(string cell) => cell.Length <= MaxLabelLength ? cell : cell[..(MaxLabelLength - 1)] + "…";
}
