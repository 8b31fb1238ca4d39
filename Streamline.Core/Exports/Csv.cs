namespace Streamline.Core.Exports;

/// <summary>RFC 4180 cells and lines (CRLF, quotes doubled) for every CSV export.</summary>
public static class Csv
{
    /// <summary>
    /// A text cell. Text in our exports is typed by customers and their visitors; a spreadsheet runs a
    /// cell starting with = + - @ (or a tab or CR, which some strip first) as a formula, so such a
    /// cell is prefixed with an apostrophe and stays text.
    /// </summary>
    public static string Text(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>Cells already made safe (with <see cref="Text"/>, or numbers we format ourselves) as one line.</summary>
    public static string Line(params string[] cells) => string.Join(',', cells) + "\r\n";
}
