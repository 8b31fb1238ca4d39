using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Streamline.Core.Email;

public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>The footer of a mail its reader chose to get: a link that stops <paramref name="What"/>, and the settings page.</summary>
public sealed record Unsubscribe(string Url, string What, string SettingsUrl);

/// <summary>
/// Markdown templates embedded in this assembly (Email/Templates/name.md): a "Subject:" line,
/// a "---" line, then the body. Values fill {{Name}} placeholders; keys ending in "Url" are links.
/// </summary>
public sealed partial class EmailTemplates
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();
    private readonly Dictionary<string, string> _sources = LoadSources();

    public IReadOnlyCollection<string> Names => _sources.Keys;

    public RenderedEmail Render(string template, IReadOnlyDictionary<string, string> values, Unsubscribe? unsubscribe = null)
    {
        if (!_sources.TryGetValue(template, out var source))
            throw new ArgumentException($"No e-mail template named '{template}'.", nameof(template));

        var split = source.IndexOf("\n---", StringComparison.Ordinal);
        var header = source[..split];
        var body = source[(source.IndexOf('\n', split + 1) + 1)..];
        var subject = Fill(header.Replace("Subject:", "", StringComparison.Ordinal).Trim(), values, plain: true);
        var markdown = Fill(body, values, plain: false);

        var document = Markdown.Parse(markdown, Pipeline);
        var html = Layout(subject, document.ToHtml(Pipeline), unsubscribe is null ? ActionFooter : UnsubscribeFooter(unsubscribe));
        var text = PlainText(document);
        if (unsubscribe is not null)
            text += $"\n--\nStop these e-mails ({unsubscribe.What}): {unsubscribe.Url}\nAll notification settings: {unsubscribe.SettingsUrl}\n";
        return new RenderedEmail(subject, html, text);
    }

    private const string ActionFooter = "You received this because of an action on your account.";

    private static string UnsubscribeFooter(Unsubscribe u) =>
        $"You receive these e-mails ({WebUtility.HtmlEncode(u.What.ToLowerInvariant())}) because of your notification settings. "
        + $"<a href=\"{WebUtility.HtmlEncode(u.Url)}\" style=\"color:#6b7080;\">Unsubscribe</a> · "
        + $"<a href=\"{WebUtility.HtmlEncode(u.SettingsUrl)}\" style=\"color:#6b7080;\">Notification settings</a>";

    private static string Fill(string text, IReadOnlyDictionary<string, string> values, bool plain) =>
        Placeholder().Replace(text, m =>
        {
            var key = m.Groups[1].Value;
            if (!values.TryGetValue(key, out var value))
                throw new ArgumentException($"The template needs a value for '{key}'.");
            if (NameKeys.Contains(key)) value = MailNames.Clean(value);
            if (plain) return value;
            return key.EndsWith("Url", StringComparison.Ordinal) ? EscapeUrl(value) : EscapeMarkdown(value);
        });

    /// <summary>Values that are names people chose (their own, their workspace's, a visitor's): <see cref="MailNames"/>.</summary>
    private static readonly HashSet<string> NameKeys = ["Name", "Inviter", "Workspace", "Author", "Lead", "Business"];

    // Values come from users (names, workspace names): they must never become markup or links.
    private static string EscapeMarkdown(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\r' or '\n') { sb.Append(' '); continue; }
            if ("\\`*_{}[]()#+-.!<>|~&".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string EscapeUrl(string url) =>
        url.Replace(" ", "%20").Replace("(", "%28").Replace(")", "%29").Replace("<", "%3C").Replace(">", "%3E");

    /// <summary>Plain-text part: Markdig's text with each link's address written after its label.</summary>
    private static string PlainText(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().Where(l => !l.IsImage).ToList())
        {
            var label = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
            if (label != link.Url) link.InsertAfter(new LiteralInline($": {link.Url}"));
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return Regex.Replace(writer.ToString(), "\n{3,}", "\n\n").Trim() + "\n";
    }

    private static string Layout(string subject, string bodyHtml, string footerHtml) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>{{WebUtility.HtmlEncode(subject)}}</title></head>
        <body style="margin:0;padding:0;background:#f4f4f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2330;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 12px;">
        <table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;overflow:hidden;">
        <tr><td style="background:#5b5bd6;padding:20px 28px;color:#ffffff;font-size:18px;font-weight:700;letter-spacing:.2px;">Streamline</td></tr>
        <tr><td style="padding:28px;font-size:15px;line-height:1.6;">{{bodyHtml}}</td></tr>
        <tr><td style="padding:16px 28px;background:#fafafc;color:#6b7080;font-size:12px;">Sent by Streamline, the AI sales and operations platform of Stream-line AI. {{footerHtml}}</td></tr>
        </table></td></tr></table></body></html>
        """;

    private static Dictionary<string, string> LoadSources()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "Streamline.Core.Email.Templates.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .ToDictionary(
                n => n[prefix.Length..^3],
                n =>
                {
                    using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                    return reader.ReadToEnd().Replace("\r\n", "\n");
                });
    }

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
