using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>
/// A chat message's text as HTML: everything encoded, and each http(s) address in it a link that opens in a new tab
/// without telling the target where it came from. Messages are written by visitors and models, so nothing in them is
/// ever markup; only the addresses this finds become anchors.
/// </summary>
public static partial class ChatText
{
    public static IHtmlContent Render(string text)
    {
        var html = new HtmlContentBuilder();
        var at = 0;
        foreach (Match match in Address().Matches(text))
        {
            var address = WithoutTrailingPunctuation(match.Value);
            if (!IsWebAddress(address)) continue;
            html.Append(text[at..match.Index]);
            html.AppendHtml($"""<a href="{HtmlEncoder.Default.Encode(address)}" target="_blank" rel="noopener noreferrer">{HtmlEncoder.Default.Encode(address)}</a>""");
            at = match.Index + address.Length;
        }
        html.Append(text[at..]);
        return html;
    }

    private static bool IsWebAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>
    /// What ends the sentence or the bracket around an address is not part of it: "(see https://x.test/p/abc)." links
    /// without the bracket and the dot, while a closing bracket that has its opening one in the address stays.
    /// </summary>
    private static string WithoutTrailingPunctuation(string address)
    {
        while (address.Length > 0)
        {
            var last = address[^1];
            var unbalanced = last == ')' && address.Count(c => c == ')') > address.Count(c => c == '(');
            if (!unbalanced && !".,;:!?]}'»”’".Contains(last)) break;
            address = address[..^1];
        }
        return address;
    }

    [GeneratedRegex(@"\bhttps?://[^\s<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
