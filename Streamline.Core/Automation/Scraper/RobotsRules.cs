using System.Text.RegularExpressions;

namespace Streamline.Core.Automation.Scraper;

/// <summary>
/// robots.txt as RFC 9309 reads it: the group for our user agent (or else "*"), the longest matching rule wins and
/// Allow wins a tie; '*' matches anything and '$' ends a pattern.
/// </summary>
public sealed class RobotsRules
{
    private readonly List<(bool Allow, string Pattern, Regex Match)> _rules;

    private RobotsRules(List<(bool, string, Regex)> rules) => _rules = rules;

    public static readonly RobotsRules AllowAll = new([]);
    public static readonly RobotsRules DisallowAll = new([(false, "/", Compile("/"))]);

    public static RobotsRules Parse(string text, string userAgent)
    {
        var product = userAgent.Split('/')[0].Trim();
        var groups = new List<(List<string> Agents, List<(bool, string)> Rules)>();
        (List<string> Agents, List<(bool, string)> Rules)? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var field = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (field == "user-agent")
            {
                if (!lastWasAgent || current is null)
                {
                    current = ([], []);
                    groups.Add(current.Value);
                }
                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
            }
            else if (field is "allow" or "disallow" && current is not null)
            {
                lastWasAgent = false;
                if (value.Length > 0) current.Value.Rules.Add((field == "allow", value));
            }
            else lastWasAgent = false;
        }
        var ours = groups.Where(g => g.Agents.Any(a => a != "*" && product.Contains(a, StringComparison.OrdinalIgnoreCase))).ToList();
        if (ours.Count == 0) ours = [.. groups.Where(g => g.Agents.Contains("*"))];
        return new RobotsRules([.. ours.SelectMany(g => g.Rules).Select(r => (r.Item1, r.Item2, Compile(r.Item2)))]);
    }

    public bool Allows(Uri url)
    {
        var path = url.PathAndQuery;
        var best = _rules.Where(r => r.Match.IsMatch(path))
            .OrderByDescending(r => r.Pattern.Length).ThenByDescending(r => r.Allow).FirstOrDefault();
        return best.Pattern is null || best.Allow;
    }

    private static Regex Compile(string pattern)
    {
        var anchored = pattern.EndsWith('$');
        var body = Regex.Escape(anchored ? pattern[..^1] : pattern).Replace("\\*", ".*");
        return new Regex("^" + body + (anchored ? "$" : ""), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
