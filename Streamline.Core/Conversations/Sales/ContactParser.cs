using System.Globalization;
using System.Text.RegularExpressions;
using PhoneNumbers;
using Streamline.Core.Conversations.Sales.Understanding;

namespace Streamline.Core.Conversations.Sales;

/// <summary>
/// The offline engine's reading of contact details from what a visitor writes, in English, Spanish, German, French
/// and Portuguese: "name's Marcus", "Kim Park from Orbit Dental", a signature, "key: value" lines, team sizes in digits
/// or words, budgets ("5k", "3.000 €"), phone numbers (read as dialled in <c>region</c>, stored in international
/// form) and e-mails, spelled out too ("dana at brightwave dot test"). Only what the visitor said is returned; what it
/// finds still goes through the save-contact tool's validation like a model's call would.
/// </summary>
public static partial class ContactParser
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static ContactDetails? Parse(string text, string? region = null)
    {
        var fields = KeyValues(text);
        var details = new ContactDetails(
            Name: fields.GetValueOrDefault("name") is { } n ? Name(n) ?? Capitalise(n) : FindName(text),
            Email: fields.GetValueOrDefault("email") is { } e && Email(e) is { } keyed ? keyed : Email(text),
            Phone: Phone(fields.GetValueOrDefault("phone") ?? text, region),
            Company: fields.GetValueOrDefault("company") is { } c ? Bare(c) : FindCompany(text),
            TeamSize: fields.GetValueOrDefault("team") is { } t ? TeamSize("team of " + t) : TeamSize(text),
            Budget: fields.GetValueOrDefault("budget") is { } b ? Budget("budget " + b) : Budget(text),
            PainPoints: Needs.Find(text) is { Count: > 0 } needs ? needs : null);
        var nothing = details is { Name: null, Email: null, Phone: null, Company: null, TeamSize: null, Budget: null, PainPoints: null };
        return nothing ? null : details;
    }

    /// <summary>"Name: Tom Becker" lines, by field; the labels in each language the engine speaks.</summary>
    private static Dictionary<string, string> KeyValues(string text)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in KeyValue().Matches(text))
        {
            var label = m.Groups[1].Value.ToLowerInvariant();
            var field = label switch
            {
                "name" or "full name" or "nombre" or "nom" or "nome" => "name",
                "email" or "e-mail" or "mail" or "correo" or "courriel" => "email",
                "phone" or "tel" or "telephone" or "mobile" or "telefon" or "handy" or "teléfono" or "telefono" or "téléphone" or "telefone" or "whatsapp" => "phone",
                "company" or "empresa" or "firma" or "société" or "societe" or "entreprise" or "unternehmen" => "company",
                "team size" or "team" or "employees" or "team-size" => "team",
                "budget" or "presupuesto" or "orçamento" => "budget",
                _ => null,
            };
            if (field is not null) fields[field] = m.Groups[2].Value.Trim();
        }
        return fields;
    }

    private static string? FindName(string text)
    {
        string? found = null;
        foreach (Match m in NameAfterPhrase().Matches(text))
        {
            var word = m.Groups["name"].Value;
            // "I'm lucy and…" is a name; "this is great" is not: a lower-case word after a weak phrase needs a name's surroundings.
            if (char.IsLower(word[0]) && !StrongPhrase().IsMatch(m.Groups["phrase"].Value)
                && !AfterLowerName().IsMatch(text[(m.Index + m.Length)..])) continue;
            if (Name(word) is { } name) found = name;
        }
        if (found is null && HereOrFrom().Match(text) is { Success: true } here && Name(here.Groups["name"].Value) is { } n
            // "Data from Amazon" is not someone introducing themselves: one word before "from" needs a greeting first.
            && (here.Groups["here"].Success || here.Groups["greeting"].Success || n.Contains(' '))) found = n;
        if (found is null && NameHere().Match(text) is { Success: true } named && Name(named.Groups["name"].Value) is { } h) found = h;
        if (found is null && Signature().Match(text) is { Success: true } sig && Name(sig.Groups["name"].Value) is { } s) found = s;
        return found;
    }

    /// <summary>One or two name words, not a word that merely follows "I'm" ("interested", "not", "from").</summary>
    private static string? Name(string candidate)
    {
        // "sou a Ana", "soy el Marcos": the article a name may follow in Spanish and Portuguese.
        var given = candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w is "o" or "a" or "el" or "la").ToList();
        var words = given.TakeWhile(w => !NotNames.Contains(w)).Take(2).ToList();
        if (words.Count == 0 || words.Any(w => w.Length < 2 || !w.All(c => char.IsLetter(c) || c is '\'' or '-'))) return null;
        // A second word counts only when capitalised: "Sara Lind", not "Lucy and".
        if (words.Count == 2 && !char.IsUpper(words[1][0])) words.RemoveAt(1);
        return string.Join(' ', words.Select(Capitalise));
    }

    private static string Capitalise(string word) =>
        word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];

    private static string? FindCompany(string text)
    {
        foreach (var pattern in new[] { CompanyAfterPhrase(), HereOrFrom(), NameThenCompany(), Signature() })
            if (pattern.Match(text) is { Success: true } m && m.Groups["company"].Success && Bare(m.Groups["company"].Value) is { } company)
                return company;
        return null;
    }

    private static string? Bare(string company)
    {
        var words = company.Trim().TrimEnd('.', ',', '!', ';', ':').Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(w => !NotCompanies.Contains(w.TrimEnd('.', ','))).ToList();
        return words.Count == 0 ? null : string.Join(' ', words).TrimEnd('.', ',');
    }

    public static string? Email(string text)
    {
        var exclude = InsteadOf().Match(text) is { Success: true } old ? old.Groups[1].Value : null;
        var plain = EmailPattern().Matches(text).Select(m => m.Value.TrimEnd('.')).Where(v => v != exclude).LastOrDefault();
        if (plain is not null) return plain;
        if (SpelledEmail().Match(text) is not { Success: true } spelled) return null;
        // "I work at acme.com" is not an address: a spelled one is bracketed or follows a word for e-mail.
        if (!spelled.Value.Contains('[') && !spelled.Value.Contains('(')
            && !EmailCue().IsMatch(text[Math.Max(0, spelled.Index - 40)..spelled.Index])) return null;
        var domain = SpelledDot().Replace(spelled.Groups["domain"].Value, ".");
        var address = $"{spelled.Groups["user"].Value}@{domain}".ToLowerInvariant();
        return ContactDetails.IsEmail(address) ? address : null;
    }

    /// <summary>A valid number for the region (or an international one); failing that, a long-enough possible one.</summary>
    public static string? Phone(string text, string? region)
    {
        var home = region ?? "ZZ";
        var found = Phones.FindNumbers(text, home, PhoneNumberUtil.Leniency.VALID, long.MaxValue).LastOrDefault()
            ?? Phones.FindNumbers(text, home, PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue)
                .LastOrDefault(m => Phones.GetNationalSignificantNumber(m.Number).Length >= 9 && !MoneyBefore(text, m.Start));
        return found is null ? null : Phones.Format(found.Number, PhoneNumberFormat.E164);
    }

    private static bool MoneyBefore(string text, int start) => start > 0 && "$€£".Contains(text[start - 1]);

    public static int? TeamSize(string text)
    {
        if (Guests().IsMatch(text)) return null;
        var last = TeamPattern().Matches(text).LastOrDefault();
        if (last is null) return null;
        var size = NumberWords.Parse(last.Groups["n"].Value.ToLowerInvariant());
        return size is >= 1 and <= ContactDetails.MaxTeamSize ? size : null;
    }

    public static string? Budget(string text) =>
        (BudgetPattern().Match(text) is { Success: true } m ? m : PaidPattern().Match(text)) is { Success: true } found
            ? found.Groups["amount"].Value.Trim().TrimEnd('.', ',') : null;

    // "we can pay up to $5,000": with a currency or "k", since "pay in 3 instalments" is no budget.
    [GeneratedRegex(@"(?i)\b(?:pay|paying|spend|spending|we have|i have|we've got|we can do|i can do)\b[^\d$€£\n]{0,20}?(?<amount>(?:[$€£]\s?\d[\d.,]*\s?k?\b|\d[\d.,]*\s?(?:k\b|€|EUR\b|USD\b|GBP\b|dollars\b|euros?\b))(?:\s?(?:a|per|/)\s?(?:month|year|mo|yr)\b)?)")]
    private static partial Regex PaidPattern();

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "not", "no", "so", "very", "really", "just", "also", "still", "interested", "looking", "sure", "trying", "curious",
        "planning", "thinking", "from", "with", "in", "at", "on", "of", "for", "to", "here", "there", "happy", "glad", "ready", "good", "fine",
        "ok", "okay", "new", "back", "writing", "calling", "asking", "wondering", "after", "working", "running", "based", "afraid", "going",
        "getting", "having", "doing", "busy", "hoping", "considering", "owner", "ceo", "founder", "manager", "responsible", "sorry", "confused",
        "unsure", "keen", "about", "and", "but", "or", "searching", "done", "over", "out", "up", "like", "more", "too", "quite", "pretty",
        "kind", "totally", "definitely", "probably", "maybe", "currently", "now", "today", "using", "part", "one", "your", "you", "this", "that",
        "it", "de", "del", "la", "el", "un", "una", "le", "une", "en", "o", "um", "ein", "eine", "der", "die", "das", "auf", "aus", "mit",
        "nicht", "kein", "auch", "hier", "interesado", "interesada", "buscando", "intéressé", "intéressée", "interessiert", "interessado",
        "interessada", "cliente", "kunde", "client", "customer", "student", "estudiante", "afraid", "fed", "tired", "bored", "impressed",
        "all", "both", "we", "i", "my", "our", "hi", "hello", "hey", "thanks", "thank", "well", "hola", "hallo", "bonjour", "olá", "oi", "bot",
        "human", "person", "robot", "ai", "agent", "gonna", "wanting", "almost", "already", "able", "unable", "great", "perfect", "awesome", "expensive",
        "cheap", "amazing", "exactly", "what", "why", "how", "urgent", "important", "useful", "nice", "cool", "strange", "wrong", "right",
        "correct", "true", "regarding", "re", "excited", "click", "nothing", "everything", "someone", "anyone", "nobody", "good morning", "new", "open", "available", "free", "sorry", "lost", "stuck", "annoyed", "frustrated",
    };

    private static readonly HashSet<string> NotCompanies = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "we", "we're", "i", "i'm", "our", "but", "so", "a", "an", "the", "in", "with", "who", "which", "where", "y", "und", "et", "e",
    };

    private const string Word = @"\p{L}[\p{L}'-]*";
    private const string Cap = @"\p{Lu}[\p{L}'-]*";
    private const string CompanyWords = @"(?<company>\p{Lu}[\p{L}0-9&'-]*(?:[ \t](?:&[ \t])?(?:\p{Lu}[\p{L}0-9&'-]*|GmbH|Ltd|Inc|LLC|AG|SA|SL|Co)\.?){0,3})";

    [GeneratedRegex(@"(?im)^\s*(full name|name|nombre|nom|nome|e-mail|email|mail|correo|courriel|phone|telephone|tel|mobile|whatsapp|telefon|handy|teléfono|telefono|téléphone|telefone|company|empresa|firma|société|societe|entreprise|unternehmen|team size|team-size|team|employees|budget|presupuesto|orçamento)\s*[:=]\s*(.+?)\s*$")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"(?<phrase>(?i:\bmy name is|\bmy name's|\bname's|\bname is|\bi'm|\bi am|(?<=^|[,.!?]\s{0,3}|\b(?:hi|hello|hey)\s)im|\bthis is|\bcall me|\bme llamo|\bmi nombre es|\bsoy|\bich heiße|\bich heisse|\bmein name ist|\bich bin|\bje m'appelle|\bje suis|\bmon nom est|\bmoi c'est|\bname:?(?=\s+\p{Lu})|\bmeu nome é|\bme chamo|\beu sou|\bsou))\s+(?<name>(?:(?:o|a|el|la)\s+(?=\p{Lu}))?" + Word + @"(?:[ \t]" + Cap + @")?)")]
    private static partial Regex NameAfterPhrase();

    // "It's Tom Reyes here", "Anyway, Paul here".
    [GeneratedRegex(@"(?:(?i:\bit's|\bit is|\bthis is)\s+|(?:^|[,.!]\s+))(?<name>" + Cap + @"(?:[ \t]" + Cap + @")?)\s+(?i:here)\b")]
    private static partial Regex NameHere();

    [GeneratedRegex(@"(?i)^(?:my name is|my name's|name's|name is|call me|me llamo|mi nombre es|ich heiße|ich heisse|mein name ist|je m'appelle|mon nom est|meu nome é|me chamo)$")]
    private static partial Regex StrongPhrase();

    [GeneratedRegex(@"^\s*(?:$|[,.!;]|and\b|from\b|here\b|at\b|[\p{So}\p{Cs}])")]
    private static partial Regex AfterLowerName();

    // "Mia here, from Lumen Studio", "Hi! Kim Park from Orbit Dental", "Jane here".
    [GeneratedRegex(@"^(?<greeting>(?i:hi|hello|hey|hola|hallo|bonjour|olá|oi)(?:\s+there)?\b[!,.]*\s*)?(?<name>" + Cap + @"(?:[ \t]" + Cap + @")?)(?:\s+(?<here>here)\b,?(?:\s+(?i:from|at)\s+" + CompanyWords + @")?|,?\s+(?:\p{Ll}[\p{Ll} ]{0,30}\s)?(?i:from|at|with)\s+" + CompanyWords + ")")]
    private static partial Regex HereOrFrom();

    // "I'm Eva from Kestrel Shoes", "This is Priya from Nimbus Labs", "I'm Paul Novak, Novak Cycles,".
    [GeneratedRegex(@"(?i:\bi'm|\bi am|\bim|\bthis is|\bmy name is)\s+" + Cap + @"(?:\s" + Cap + @")?(?:\s+(?i:from|at|with)\s+|,\s+(?=\p{Lu}[\p{L}'-]*(?:\s\p{Lu}[\p{L}'-]*)*[,.]))" + CompanyWords)]
    private static partial Regex NameThenCompany();

    [GeneratedRegex(@"(?:(?i:\bi work (?:at|for)|\bwe work (?:at|for)|\bour company is(?: called)?|\bcompany (?:is|called)|\bcompany name is|\bi run|\bi own|\bi manage|\b(?:founder|owner|ceo|cto|director) (?:of|at)|\bi'm from|\bi am from|\bwe're from|\bwe are from|\bwe're|\bwe are|\btrabajo (?:en|para)|\bde la empresa|\bde la société|\bla société|\bsociété|\btrabalho (?:na|no|em|para)|\bda empresa|\bchez|\b(?:arbeite|arbeiten|sind|bin|mitarbeiter|mitarbeitende|leute)\s+bei(?: der| dem)?)\s+)" + CompanyWords)]
    private static partial Regex CompanyAfterPhrase();

    [GeneratedRegex(@"(?im)^\s*(?:best|kind|warm)?\s*(?:regards|wishes|thanks|cheers|best|saludos|un saludo|mit freundlichen grüßen|viele grüße|cordialement|atenciosamente|abraços)[,!.]?\s*\n\s*(?<name>" + Cap + @"(?:[ \t]" + Cap + @")?)[ \t]*(?:\r?\n[ \t]*" + CompanyWords + @")?")]
    private static partial Regex Signature();

    [GeneratedRegex(@"[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[\p{L}]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?i)instead of\s+([\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[\p{L}]{2,})")]
    private static partial Regex InsteadOf();

    [GeneratedRegex(@"(?i)(?<user>[\p{L}0-9._%+-]+)\s*(?:\s+at\s+|\[at\]|\(at\)|\s+arroba\s+|\s+ät\s+)\s*(?<domain>[\p{L}0-9-]+(?:\s*(?:\s+dot\s+|\[dot\]|\(dot\)|\s+punto\s+|\s+punkt\s+|\s+point\s+|\s+ponto\s+|\.)\s*[\p{L}0-9-]+)*\s*(?:\s+dot\s+|\[dot\]|\(dot\)|\s+punto\s+|\s+punkt\s+|\s+point\s+|\s+ponto\s+|\.)\s*\p{L}{2,})\b")]
    private static partial Regex SpelledEmail();

    [GeneratedRegex(@"(?i)\b(?:e-?mail|mail|correo|courriel|write|reach|contact|address|adresse|endereço|dirección)")]
    private static partial Regex EmailCue();

    [GeneratedRegex(@"(?i)\s*(?:\s+dot\s+|\[dot\]|\(dot\)|\s+punto\s+|\s+punkt\s+|\s+point\s+|\s+ponto\s+|\.)\s*")]
    private static partial Regex SpelledDot();

    [GeneratedRegex(@"(?i)\b(?:guests?|invitados|gäste|gästen|invités|convidados|attendees)\b")]
    private static partial Regex Guests();

    [GeneratedRegex(@"(?i)(?:\bteam of|\bteam size(?: is| of)?|\bequipo de|\bequipe de|\béquipe de|\bwe are|\bwe're|\bthere are|\bsomos|\bwir sind|\bnous sommes|\bwe have|\bwe employ)\s+(?:a team of\s+|uma equipe de\s+|un equipo de\s+)?(?<n>" + NumberWords.Pattern + @")(?=\s*(?:$|[,.!?;)]|\s(?:people|persons|employees|staff|members|colleagues|users|seats|salespeople|sales|reps|agents|of us|now|personas|empleados|pessoas|funcionários|mitarbeiter|mitarbeitende|leute|personen|personnes|employés|salariés|in\b)))|\b(?<n>" + NumberWords.Pattern + @")[\s-]*(?:people|persons|person team|employees|staff|team members|members|colleagues|users|seats|salespeople|sales reps|reps|of us|personas|empleados|trabajadores|vendedores|pessoas|funcionários|colaboradores|mitarbeiter|mitarbeitende|leute|personen|angestellte|personnes|employés|salariés|collaborateurs)\b")]
    private static partial Regex TeamPattern();

    [GeneratedRegex(@"(?i)(?:\bbudget\b|\bpresupuesto\b|\borçamento\b|\bspend\b|\bafford\b|\binvest\b)[^\d$€£\n]{0,30}?(?<amount>[$€£]?\s?(?:\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,]\d{1,2})?\s?(?:k\b|thousand\b|mil\b)?\s?(?:€|EUR\b|USD\b|GBP\b|£|\$|dollars\b|euros?\b)?(?:\s?(?:a|per|/|al|pro|par|por)\s?(?:month|year|mo|yr|mes|año|monat|jahr|mois|an|mês|ano)\b)?)")]
    private static partial Regex BudgetPattern();
}
