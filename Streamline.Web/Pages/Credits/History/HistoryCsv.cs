using System.Globalization;
using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Credits.History;

/// <summary>RFC 4180 lines (CRLF, quotes doubled) for the history export.</summary>
public static class HistoryCsv
{
    public const string Header = "Date (UTC),Type,Description,Amount (credits),Balance after (credits),Entry ID\r\n";

    public static string Line(LedgerEntry e) => string.Join(',',
        e.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Text(e.Type.Label()),
        Text(e.Reason),
        // Ours, from integers: always a plain number, so a leading minus is left for the spreadsheet to read.
        CreditAmount.Format(e.AmountMillicredits),
        CreditAmount.Format(e.BalanceAfterMillicredits),
        e.Id.ToString()) + "\r\n";

    /// <summary>
    /// A text cell. Descriptions come from customers' own apps through the API; a spreadsheet runs a
    /// cell starting with = + - @ (or a tab or CR, which some strip first) as a formula, so such a
    /// cell is prefixed with an apostrophe and stays text.
    /// </summary>
    public static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
