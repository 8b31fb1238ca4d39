using System.Globalization;
using System.Text;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Exports;

namespace Streamline.Core.Analytics;

/// <summary>Every table of the analytics page as CSV: the same rows, with machine-readable numbers.</summary>
public static class AnalyticsCsv
{
    public static readonly IReadOnlyList<string> Tables = ["days", "campaigns", "channels", "hours", "funnel"];

    private const string MeasureHeader =
        "Conversations,Visitor messages,AI replies,Human replies,Response rate,First response p50 (s),First response p90 (s),Handoffs,Leads," +
        "Qualified leads,Proposals sent,Proposals accepted,Jobs created,Orders,Revenue,AI cost (credits)";

    /// <summary>The table's CSV, or null for a table that does not exist.</summary>
    public static string? Write(AnalyticsReport report, string table)
    {
        var csv = new StringBuilder();
        switch (table)
        {
            case "days":
                csv.Append("Day (UTC),").Append(MeasureHeader).Append("\r\n");
                foreach (var r in report.ByDay) csv.Append(Csv.Line([r.Day!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. Cells(r.Measures)]));
                break;
            case "campaigns":
                csv.Append("Campaign,").Append(MeasureHeader).Append("\r\n");
                foreach (var r in report.ByCampaign) csv.Append(Csv.Line([Csv.Text(r.Name), .. Cells(r.Measures)]));
                break;
            case "channels":
                csv.Append("Channel,").Append(MeasureHeader).Append("\r\n");
                foreach (var r in report.ByChannel) csv.Append(Csv.Line([Csv.Text(r.Channel!.Value.Name()), .. Cells(r.Measures)]));
                break;
            case "hours":
                csv.Append("Weekday,Hour (UTC),Visitor messages,Conversations\r\n");
                foreach (var r in report.ByHourOfWeek)
                    csv.Append(Csv.Line(r.Weekday!.Value.ToString(), Number(r.Hour!.Value), Number(r.Measures.VisitorMessages), Number(r.Measures.Conversations)));
                break;
            case "funnel":
                csv.Append("Step,Count\r\n");
                foreach (var s in report.Funnel) csv.Append(Csv.Line(Csv.Text(s.Name), Number(s.Count)));
                break;
            default:
                return null;
        }
        return csv.ToString();
    }

    private static string[] Cells(Measures m) =>
    [
        Number(m.Conversations), Number(m.VisitorMessages), Number(m.AiReplies), Number(m.HumanReplies),
        m.ResponseRate is { } rate ? rate.ToString("0.####", CultureInfo.InvariantCulture) : "",
        Seconds(m.FirstResponse.Percentile(50)), Seconds(m.FirstResponse.Percentile(90)),
        Number(m.Handoffs), Number(m.Leads), Number(m.QualifiedLeads), Number(m.ProposalsSent), Number(m.ProposalsAccepted),
        Number(m.JobsCreated), Number(m.Orders),
        $"{m.RevenueCents / 100}.{Math.Abs(m.RevenueCents % 100):D2}",
        CreditAmount.Format(m.AiCostMillicredits),
    ];

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bucket bound in seconds; empty without answers, "more" past the last bound.</summary>
    private static string Seconds(TimeSpan? bound) =>
        bound is not { } b ? "" : b == TimeSpan.MaxValue ? "more" : Number((long)b.TotalSeconds);
}
