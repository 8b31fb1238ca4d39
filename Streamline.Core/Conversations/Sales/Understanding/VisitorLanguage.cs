using System.Text.RegularExpressions;

namespace Streamline.Core.Conversations.Sales.Understanding;

/// <summary>
/// Which of the languages the offline engine speaks (English, Spanish, German, French, Portuguese) a visitor
/// writes in, from the commonest small words and the letters only one of them uses. A message with no clue
/// ("agent", an e-mail address) keeps the language of the visitor's earlier messages.
/// </summary>
public static partial class VisitorLanguage
{
    public const string English = "en";
    public static readonly IReadOnlyList<string> Supported = ["en", "es", "de", "fr", "pt"];

    private static readonly Dictionary<string, HashSet<string>> Words = new()
    {
        ["en"] = ["the", "and", "you", "your", "is", "are", "we", "our", "for", "with", "what", "how", "much", "do", "does", "can", "i", "i'm", "im", "my",
                  "it", "to", "of", "need", "want", "have", "hi", "hello", "hey", "thanks", "please", "which", "this", "that", "there", "an", "cost", "price"],
        ["es"] = ["el", "los", "las", "y", "usted", "tu", "es", "para", "con", "qué", "que", "cuánto", "cuanto", "cuesta", "puedo", "quiero", "somos",
                  "hola", "gracias", "una", "uno", "del", "mi", "me", "llamo", "por", "favor", "hablar", "eres", "tienen", "necesitamos", "precio", "muy", "caro", "hace", "falta", "teléfono", "correo"],
        ["de"] = ["der", "die", "das", "und", "sie", "ist", "für", "mit", "was", "wir", "ich", "ihr", "ihre", "ein", "eine", "einem", "einen", "danke",
                  "hallo", "kostet", "möchte", "brauche", "sind", "bei", "bist", "du", "heiße", "mein", "kann", "mich", "nicht", "keinen", "welcher", "wie", "viel", "telefon", "handy", "firma"],
        ["fr"] = ["le", "les", "et", "vous", "votre", "est", "pour", "avec", "nous", "je", "une", "merci", "des", "du", "quel", "quelle", "bonjour",
                  "voudrais", "parler", "appelle", "combien", "c'est", "prix", "cours", "avons", "besoin", "d'un", "suis", "êtes", "sommes", "téléphone", "société"],
        ["pt"] = ["os", "você", "seu", "sua", "é", "com", "nós", "eu", "um", "uma", "obrigado", "obrigada", "olá", "oi", "não", "quero", "falar",
                  "quanto", "custa", "meu", "nome", "somos", "equipe", "pessoas", "preciso", "precisamos", "da", "em", "telefone", "atendente", "sou", "trabalho", "na", "no", "orçamento", "temos", "gostaria"],
    };

    /// <summary>The language of <paramref name="text"/>, or null when it gives no clue.</summary>
    public static string? Detect(string text)
    {
        var lower = text.ToLowerInvariant();
        var words = Word().Matches(lower).Select(m => m.Value).ToList();
        var scores = Words.ToDictionary(w => w.Key, w => (double)words.Count(w.Value.Contains));
        if (lower.IndexOfAny(['¿', '¡', 'ñ']) >= 0) scores["es"] += 2;
        if (lower.IndexOfAny(['ä', 'ö', 'ü', 'ß']) >= 0) scores["de"] += 2;
        if (lower.IndexOfAny(['ã', 'õ']) >= 0 || lower.Contains("ção", StringComparison.Ordinal) || lower.Contains("çõ", StringComparison.Ordinal)) scores["pt"] += 2;
        if (lower.IndexOfAny(['è', 'ê', 'à', 'ù', 'î', 'œ']) >= 0) scores["fr"] += 1;
        var best = scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key == English ? 0 : 1).First();
        return best.Value > 0 ? best.Key : null;
    }

    /// <summary>The language to answer in: this message's, else the visitor's earlier messages', else English.</summary>
    public static string Of(string message, IEnumerable<string> earlierVisitorMessages)
    {
        if (Detect(message) is { } now) return now;
        foreach (var earlier in earlierVisitorMessages.Reverse())
            if (Detect(earlier) is { } before) return before;
        return English;
    }

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Word();
}
