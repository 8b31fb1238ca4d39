using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Streamline.Bench.Conversations;

/// <summary>
/// The evaluation's measures over a set of transcripts. Every judgement is made here from the script and the
/// stored data, never from the engine's own parsing, so the scorer cannot agree with a bug.
/// </summary>
public sealed partial class EvalScore
{
    public int ContactExpected, ContactFound, ContactStored, ContactCorrect;
    public int HandoffExpected, HandoffFound, FalseHandoffs, NoHandoffExpected;
    public int InventedPrices, ForbiddenHits, FitAsked, FitNamed, AnswersExpected, AnswersGiven;
    public int LanguageExpected, LanguageKept, Repeats, SilentTurns, Turns, Conversations;
    public List<string> Misses { get; } = [];

    public double ContactRecall => Ratio(ContactFound, ContactExpected);
    public double ContactPrecision => Ratio(ContactCorrect, ContactStored);
    public double HandoffRecall => Ratio(HandoffFound, HandoffExpected);
    public double Fit => Ratio(FitNamed, FitAsked);

    private static double Ratio(int part, int whole) => whole == 0 ? 1 : (double)part / whole;

    /// <summary>The goals the offline engine is held to; each failure named.</summary>
    public List<string> GoalFailures()
    {
        var failures = new List<string>();
        if (ContactRecall < 0.95) failures.Add($"contact recall {ContactRecall:P1} < 95%");
        if (ContactPrecision < 0.98) failures.Add($"contact precision {ContactPrecision:P1} < 98%");
        if (HandoffRecall < 1) failures.Add($"handoff recall {HandoffRecall:P1} < 100%");
        if (FalseHandoffs > 0) failures.Add($"{FalseHandoffs} false handoffs");
        if (InventedPrices > 0) failures.Add($"{InventedPrices} invented prices");
        if (Fit < 0.9) failures.Add($"fit {Fit:P1} < 90%");
        if (SilentTurns > 0) failures.Add($"{SilentTurns} silent turns");
        return failures;
    }

    public static EvalScore Of(EvalSet set, IEnumerable<EvalTranscript> transcripts)
    {
        var score = new EvalScore();
        foreach (var t in transcripts) score.Add(set.Workspaces.Single(w => w.Key == t.Script.Workspace), t);
        return score;
    }

    private void Add(EvalWorkspace workspace, EvalTranscript t)
    {
        var s = t.Script;
        Conversations++;
        Turns += s.Turns.Count;
        SilentTurns += t.SilentTurns;
        foreach (var e in t.Errors) Miss(s, e);
        if (t.SilentTurns > 0) Miss(s, $"{t.SilentTurns} silent turns");
        ScoreContact(t);

        if (s.Handoff) { HandoffExpected++; if (t.HandedOff) HandoffFound++; else Miss(s, "no handoff"); }
        else { NoHandoffExpected++; if (t.HandedOff) { FalseHandoffs++; Miss(s, "false handoff"); } }

        var all = string.Join("\n", t.Replies);
        var allowed = Numbers(Data(workspace) + "\n" + string.Join("\n", s.Turns));
        foreach (var amount in Amounts(all).Where(a => !allowed.Contains(a)))
        {
            InventedPrices++;
            Miss(s, $"invented amount {amount}");
        }
        foreach (var bad in (s.Forbidden ?? []).Where(f => all.Contains(f, StringComparison.OrdinalIgnoreCase)))
        {
            ForbiddenHits++;
            Miss(s, $"forbidden \"{bad}\"");
        }
        if (s.Fit is { Count: > 0 } fit)
        {
            FitAsked++;
            if (fit.Any(f => all.Contains(f, StringComparison.OrdinalIgnoreCase))) FitNamed++;
            else Miss(s, $"none of {string.Join(" / ", fit)} named");
        }
        foreach (var answer in s.Answers ?? [])
        {
            AnswersExpected++;
            if (all.Contains(answer, StringComparison.OrdinalIgnoreCase)) AnswersGiven++;
            else Miss(s, $"no reply says \"{answer}\"");
        }
        if (s.Lang != "en" && t.AiReplies.Count > 0)
        {
            LanguageExpected++;
            // Campaign text is shown as the owner wrote it: only the engine's own words count.
            var last = WithoutData(t.AiReplies[^1], workspace);
            if (Language(last) == s.Lang) LanguageKept++;
            else Miss(s, $"last reply not in {s.Lang}");
        }
        for (var i = 1; i < t.Replies.Count; i++)
            if (t.Replies.Take(i).Contains(t.Replies[i])) { Repeats++; Miss(s, "a reply repeated word for word"); }
    }

    private void ScoreContact(EvalTranscript t)
    {
        var expected = t.Script.Contact ?? new EvalContact();
        var stored = t.Contact;
        void Field(string name, object? want, string? got, Func<string, bool> matches)
        {
            if (want is not null) { ContactExpected++; if (got is not null && matches(got)) ContactFound++; else Miss(t.Script, $"{name}: want {want}, got {got ?? "nothing"}"); }
            if (got is null) return;
            ContactStored++;
            if (want is not null && matches(got)) ContactCorrect++;
            else if (want is null) Miss(t.Script, $"{name} stored but not said: {got}");
        }
        Field("name", expected.Name, stored?.Name, g => Same(g, expected.Name!));
        Field("email", expected.Email, stored?.Email, g => Same(g, expected.Email!));
        Field("phone", expected.Phone, stored?.Phone, g => SamePhone(g, expected.Phone!));
        Field("company", expected.Company, stored?.Company, g => Same(Bare(g), Bare(expected.Company!)));
        Field("team_size", expected.TeamSize, stored?.TeamSize?.ToString(CultureInfo.InvariantCulture), g => g == expected.TeamSize.ToString());
        Field("budget", expected.Budget, stored?.Budget, g => Amount(g) is { } a && Math.Abs(a - expected.Budget!.Value) <= expected.Budget.Value * 0.005m);

        if (t.Script.Needs is not { } needs) return;
        var points = stored?.PainPoints ?? [];
        foreach (var need in needs)
        {
            ContactExpected++;
            if (points.Any(p => p.Contains(need, StringComparison.OrdinalIgnoreCase))) ContactFound++;
            else Miss(t.Script, $"need \"{need}\" not stored ({string.Join(" | ", points)})");
        }
        foreach (var point in points)
        {
            ContactStored++;
            if (needs.Any(n => point.Contains(n, StringComparison.OrdinalIgnoreCase))) ContactCorrect++;
            else Miss(t.Script, $"pain point not said as a need: \"{point}\"");
        }
    }

    private void Miss(EvalConversation s, string what) => Misses.Add($"{s.Id}: {what}");

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Bare(string company) => company.Trim().TrimEnd('.', ',', '!').Trim();

    /// <summary>The same number: equal digits, or a national number that the expected international one ends with.</summary>
    private static bool SamePhone(string got, string want)
    {
        var g = new string(got.Where(char.IsAsciiDigit).ToArray());
        var w = new string(want.Where(char.IsAsciiDigit).ToArray());
        return g == w || (!got.TrimStart().StartsWith('+') && g.TrimStart('0').Length >= 7 && w.EndsWith(g.TrimStart('0'), StringComparison.Ordinal));
    }

    /// <summary>An amount as written in a budget: "5k", "$2,000 a month", "3.000 €", "around 5 000".</summary>
    public static decimal? Amount(string text)
    {
        var m = AmountPattern().Match(text);
        if (!m.Success) return null;
        var digits = m.Groups[1].Value.Replace(" ", "").Replace("\u00a0", "");
        // With both separators the last is the decimal one; with one, "3.000" and "3,000" are thousands, "2.5" and "2,5" decimals.
        var point = digits.LastIndexOfAny(['.', ',']);
        if (digits.Contains('.') && digits.Contains(','))
            digits = digits[..point].Replace(".", "").Replace(",", "") + "." + digits[(point + 1)..];
        else if (Regex.IsMatch(digits, @"^\d{1,3}([.,]\d{3})+$"))
            digits = digits.Replace(".", "").Replace(",", "");
        else
            digits = digits.Replace(",", ".");
        if (!decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return null;
        var unit = m.Groups[2].Value.ToLowerInvariant();
        return unit is "k" or "thousand" or "mil" ? value * 1000 : unit is "m" or "million" ? value * 1_000_000 : value;
    }

    /// <summary>Money and percentages a reply states, as numbers.</summary>
    private static IEnumerable<decimal> Amounts(string text) =>
        MoneyPattern().Matches(text).Select(m => Amount(m.Value)).OfType<decimal>().Distinct();

    /// <summary>Every number the business's own data or the visitor's turns contain, as amounts.</summary>
    private static HashSet<decimal> Numbers(string text) =>
        NumberPattern().Matches(text).Select(m => Amount(m.Value)).OfType<decimal>().ToHashSet();

    private static string WithoutData(string reply, EvalWorkspace w)
    {
        var owned = w.Campaigns.SelectMany(c => new[] { c.Product, c.Description, c.Greeting, c.Closing }
                .Concat(c.Features).Concat(c.Questions).Concat(c.Objections.Select(o => o.Answer)))
            .Concat(w.Passages ?? []).Where(x => x.Length > 0).OrderByDescending(x => x.Length);
        foreach (var text in owned) reply = reply.Replace(text, " ", StringComparison.Ordinal);
        return reply;
    }

    private static string Data(EvalWorkspace w)
    {
        var text = new StringBuilder();
        text.AppendLine(w.Description).AppendJoin('\n', w.Passages ?? []).AppendLine();
        foreach (var c in w.Campaigns)
            text.AppendLine($"{c.Price} {c.Description} {string.Join(' ', c.Features)} {string.Join(' ', c.Objections.Select(o => o.Answer))} {c.Closing} {c.Greeting}");
        return text.ToString();
    }

    /// <summary>The language of a reply by its commonest small words; English when nothing else wins.</summary>
    public static string Language(string text)
    {
        var words = WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var best = ("en", Count(words, English));
        foreach (var (lang, list) in new[] { ("es", Spanish), ("de", German), ("fr", French), ("pt", Portuguese) })
            if (Count(words, list) is var n && n > best.Item2) best = (lang, n);
        return best.Item1;
    }

    private static int Count(List<string> words, HashSet<string> list) => words.Count(list.Contains);

    private static readonly HashSet<string> English = ["the", "and", "you", "your", "is", "are", "we", "for", "with", "what", "to", "of", "it", "can", "i"];
    private static readonly HashSet<string> Spanish = ["el", "la", "los", "las", "y", "usted", "tu", "es", "para", "con", "qué", "que", "de", "puedo", "su", "un", "una", "gracias", "cuál", "nos", "encantado", "le", "lo", "he", "más", "cuesta", "no", "incluye"];
    private static readonly HashSet<string> German = ["der", "die", "das", "und", "sie", "ist", "für", "mit", "was", "wir", "ich", "ihr", "ihre", "ein", "eine", "danke", "gerne", "zu", "nicht", "freut", "mich", "kostet", "unser", "ihnen"];
    private static readonly HashSet<string> French = ["le", "la", "les", "et", "vous", "votre", "est", "pour", "avec", "que", "nous", "je", "un", "une", "merci", "des", "du", "quel", "quelle", "enchanté", "coûte", "cela", "cette", "sûr", "j'ai", "à", "pas", "ce", "qui", "sur"];
    private static readonly HashSet<string> Portuguese = ["o", "os", "as", "e", "você", "seu", "sua", "é", "para", "com", "que", "nós", "eu", "um", "uma", "obrigado", "do", "da", "qual", "não", "prazer", "custa", "nossa", "inclui"];

    public string Table(string engine)
    {
        var rows = new (string Measure, string Value, string Goal)[]
        {
            ("contact recall", $"{ContactRecall:P1} ({ContactFound}/{ContactExpected})", ">= 95%"),
            ("contact precision", $"{ContactPrecision:P1} ({ContactCorrect}/{ContactStored})", ">= 98%"),
            ("handoff recall", $"{HandoffRecall:P1} ({HandoffFound}/{HandoffExpected})", "100%"),
            ("false handoffs", $"{FalseHandoffs} (of {NoHandoffExpected})", "0"),
            ("invented prices", $"{InventedPrices}", "0"),
            ("fit (product named)", $"{Fit:P1} ({FitNamed}/{FitAsked})", ">= 90%"),
            ("silent turns", $"{SilentTurns} (of {Turns})", "0"),
            ("questions answered", $"{Ratio(AnswersGiven, AnswersExpected):P1} ({AnswersGiven}/{AnswersExpected})", ""),
            ("reply in visitor's language", $"{Ratio(LanguageKept, LanguageExpected):P1} ({LanguageKept}/{LanguageExpected})", ""),
            ("forbidden strings", $"{ForbiddenHits}", ""),
            ("replies repeated", $"{Repeats}", ""),
        };
        var text = new StringBuilder($"{Conversations} conversations, {Turns} visitor turns, engine: {engine}\n\n");
        text.AppendLine("| measure | value | goal |").AppendLine("|---|---|---|");
        foreach (var (m, v, g) in rows) text.AppendLine($"| {m} | {v} | {g} |");
        return text.ToString();
    }

    [GeneratedRegex(@"(\d[\d.,\u00a0 ]*\d|\d)\s*(k|thousand|mil|million|m)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"(?:[$€£]\s?\d[\d.,]*(?:\s?[kK]\b)?|\d[\d.,]*\s?(?:[kK]\s?)?(?:€|EUR\b|USD\b|GBP\b|£|dollars\b|euros?\b)|\d[\d.,]*\s?%)")]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"\d[\d.,]*(?:\s?[kK]\b)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordPattern();
}
