using System.Globalization;
using Streamline.Core.Credits;
using Streamline.Core.Exports;

namespace Streamline.Web.Pages.Credits.History;

/// <summary>The history export's lines (RFC 4180, see <see cref="Csv"/>).</summary>
public static class HistoryCsv
{
    public const string Header = "Date (UTC),Type,Description,Amount (credits),Balance after (credits),Entry ID\r\n";

    public static string Line(LedgerEntry e) => Csv.Line(
        e.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Csv.Text(e.Type.Label()),
        Csv.Text(e.Reason),
        // Ours, from integers: always a plain number, so a leading minus is left for the spreadsheet to read.
        CreditAmount.Format(e.AmountMillicredits),
        CreditAmount.Format(e.BalanceAfterMillicredits),
        e.Id.ToString());
}
