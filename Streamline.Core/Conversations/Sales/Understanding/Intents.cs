using System.Text.RegularExpressions;

namespace Streamline.Core.Conversations.Sales.Understanding;

/// <summary>What a visitor's message asks for, by meaning rather than one word, in the engine's five languages.</summary>
public static partial class Intents
{
    /// <summary>
    /// A request for a person ("agent", "stop the bot", "quiero hablar con una persona", "can someone call me?"), unless
    /// it is negated in the same clause ("no need for a human") or only asks whether this is a bot.
    /// </summary>
    public static bool WantsHuman(string text) => Requests(text) || Requests(Corrected(text));

    private static bool Requests(string text)
    {
        foreach (var clause in Clause().Split(text))
        {
            var m = Human().Match(clause);
            if (!m.Success) continue;
            // "no need for a human", "no hace falta hablar con…": a negation just before the request undoes it.
            var before = Words().Matches(clause[..m.Index]).TakeLast(4).Select(w => w.Value);
            if (Negation().IsMatch(string.Join(' ', before))) continue;
            if (AsksIfBot(clause) && !Demand().IsMatch(clause)) continue;
            return true;
        }
        return false;
    }

    /// <summary>The English words a request for a person is made of, to read them typed wrong ("tlak to a humen").</summary>
    private static readonly string[] HandoffWords = ["talk", "speak", "human", "person", "agent", "someone", "somebody"];

    private static string Corrected(string text) =>
        Words().Replace(text, m => HandoffWords.FirstOrDefault(w => Catalogue.Like(m.Value.ToLowerInvariant(), w)) ?? m.Value);

    /// <summary>A complaint that should reach a person ("it arrived damaged", "I want a refund"), not a question about a policy.</summary>
    public static bool Complains(string text) => Complaint().IsMatch(text) && !QuestionWord().IsMatch(text);

    /// <summary>"Are you a bot?", "am I talking to a human?", "¿eres un robot?", "Bist du ein Bot?".</summary>
    public static bool AsksIfBot(string text) => BotQuestion().IsMatch(text);

    /// <summary>The price is the problem: "steep", "is a lot", "cheaper?", "discount?", "too expensive", "es muy caro".</summary>
    public static bool IsPriceObjection(string text) => PriceObjection().IsMatch(text);

    public static bool AsksCheapest(string text) => Cheapest().IsMatch(text);

    public static bool AsksDearest(string text) => Dearest().IsMatch(text);

    public static bool AsksWhatIsIncluded(string text) => Includes().IsMatch(text);

    public static bool AsksPrice(string text) => Price().IsMatch(text);

    public static bool AsksWhatIsOffered(string text) => Offer().IsMatch(text);

    public static bool AsksToCompare(string text) => Compare().IsMatch(text);

    /// <summary>Asks which product to pick ("which plan would you recommend?").</summary>
    public static bool AsksForRecommendation(string text) => Recommendation().IsMatch(text);

    /// <summary>Wants to go ahead: a proposal, a quote, to sign up.</summary>
    public static bool WantsToProceed(string text) => Proceed().IsMatch(text) && !Negation().IsMatch(text);

    public static bool IsQuestion(string text) => text.Contains('?') || QuestionWord().IsMatch(text);

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Words();

    [GeneratedRegex(@"[.;!?\n]+|,\s*(?:but|pero|aber|mais|mas)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"(?i)\b(?:humans?(?! resources| error)|real person|actual person|live person|someone real|real people|(?:^\s*|\b(?:an?|live|real|human|actual|your)\s+)(?:agent|representative|operator)|customer service|(?:talk|speak|chat) (?:to|with) (?:someone|somebody|a|an|the|your|anyone|sales|support)|(?:someone|somebody|anyone) (?:i|we) can (?:talk|speak) (?:to|with)|sales rep|transfer me|call ?back|get me a|someone from (?:your |the )?(?:team|sales|support)|(?:book|schedule|arrange|set up) a call|(?:someone|somebody|anyone)\b[^.?!]{0,30}\bcall (?:me|us)|call me back|ring me back|stop the bot|no more bot|not a bot|persona real|humano|agente|asesor|operador|hablar con (?:alguien|una persona|un humano|un agente|un asesor)|menschen?|echten? person|mitarbeiter(?:in)?\s+(?:sprechen|zurückrufen)|(?:einem|einen|eine|einer) (?:mitarbeiter|mitarbeiterin|berater|beraterin)|mit jemandem|zurückrufen|conseill(?:er|ère)|humain|parler à (?:quelqu'un|une personne|un humain|un conseiller|un agent)|atendente|falar com (?:alguém|uma pessoa|um humano|um atendente))\b")]
    private static partial Regex Human();

    [GeneratedRegex(@"(?i)\b(?:no need|don't need|do not need|dont need|doesn't need|without|no|not|never|rather not|no hace falta|no necesito|sin|kein|keine|keinen|nicht|ohne|pas besoin|sans|ne|não|sem)\b")]
    private static partial Regex Negation();

    [GeneratedRegex(@"(?i)\b(?:i want|i'd like|i would like|let me|give me|get me|put me|connect me|quiero|me pasas|ich möchte|ich will|je veux|je voudrais|quero|please|por favor|bitte|s'il vous plaît)\b")]
    private static partial Regex Demand();

    [GeneratedRegex(@"(?i)\b(?:damaged|broken|complaint|complain|refund|terrible service|unacceptable|reclamación|beschwerde|kaputt|réclamation|reclamação)\b")]
    private static partial Regex Complaint();

    [GeneratedRegex(@"(?i)(?:\bare you (?:a |an )?(?:bot|robot|ai|human|real|person|machine|chatbot)|\bam i (?:talking|speaking|chatting) (?:to|with) (?:a |an )?(?:human|bot|robot|ai|person|machine|real)|\bis this (?:a |an )?(?:bot|robot|ai|human|real person|chatbot)|\byou a bot\b|\b(?:r|are) u a (?:bot|robot|human)|\bchatgpt\b|\bis this automated|\bare you automated|\bare you chatgpt|\bis this (?:an )?ai\b|\beres (?:un |una )?(?:robot|bot|humano|persona|ia)|\bbist du (?:ein )?(?:bot|roboter|mensch|ki)|\bsind sie (?:ein )?(?:bot|roboter|mensch)|\b(?:es-tu|êtes-vous) (?:un )?(?:robot|bot|humain)|\bvocê é (?:um )?(?:robô|robo|bot|humano))")]
    private static partial Regex BotQuestion();

    [GeneratedRegex(@"(?i)\b(?:expensive|overpriced|steep|pricey|costly|a bit much|price match|match (?:a|the|their|that) price|price range|too high|promo|coupon|special offer|money is tight|tight budget|better price|best price|negotiate|more than (?:we|i) (?:can|could|want to) (?:afford|pay|spend)|(?:is|that's|seems|sounds like|quite) a lot(?! of)|too much(?! time| work| effort)|cheaper|discount|discounts|lower (?:the )?price|reduce the price|over (?:my|our) budget|out of (?:my|our) budget|can't afford|cannot afford|caro|cara|barato|descuento|rebaja|teuer|rabatt|günstiger|billiger|cher|réduction|remise|moins cher|desconto|mais barato)\b")]
    private static partial Regex PriceObjection();

    [GeneratedRegex(@"(?i)\b(?:cheapest|least expensive|lowest price|most affordable|cheapest option|budget option|entry[- ]level|basic (?:plan|option|package)|más barato|más económico|günstigste|billigste|moins cher|le moins|mais barato|mais em conta)\b")]
    private static partial Regex Cheapest();

    [GeneratedRegex(@"(?i)\b(?:most expensive|dearest|priciest|top plan|top tier|highest|premium|most complete|más caro|más completo|teuerste|umfangreichste|plus cher|le plus complet|mais caro|mais completo)\b")]
    private static partial Regex Dearest();

    [GeneratedRegex(@"(?i)\b(?:include|includes|included|what do (?:i|we|you) get|what's in|what is in|features?|comes? with|incluye|enthält|inklusive|comprend|inclut|inclui)\b")]
    private static partial Regex Includes();

    [GeneratedRegex(@"(?i)\b(?:price|prices|pricing|cost|costs|how much|hw much|much (?:is|for|does)|fee|rate|cuánto|cuanto|cuesta|precio|kostet|preis|kosten|combien|prix|coûte|quanto|custa|preço)\b")]
    private static partial Regex Price();

    [GeneratedRegex(@"(?i)\b(?:what (?:do you|can you) (?:offer|sell|do|have)|what (?:services|products|plans|courses|options|packages)|which (?:services|products|plans|courses|options|packages)|your (?:services|products|plans|courses|offers?|catalog(?:ue)?)|qué ofrecen|qué cursos|was bieten|welche (?:angebote|produkte|kurse)|que proposez|quels (?:cours|services|produits)|o que (?:vocês )?oferecem|quais (?:cursos|serviços|produtos))\b")]
    private static partial Regex Offer();

    [GeneratedRegex(@"(?i)\b(?:difference|differ|compare|comparison|versus|vs\.?|better|diferencia|unterschied|différence|diferença)\b")]
    private static partial Regex Compare();

    [GeneratedRegex(@"(?i)\b(?:recommend|suggest|which (?:plan|one|product|service|course|option|package)|what (?:plan|product|service|course|option) (?:should|would|do)|best for|right for|qué plan|cuál me|welche[rn]? (?:plan|produkt|kurs)|quel (?:plan|forfait)|qual (?:plano|curso))\b")]
    private static partial Regex Recommendation();

    [GeneratedRegex(@"(?i)\b(?:proposal|quote|get started|sign (?:me )?up|let's do it|go ahead|book it|propuesta|presupuesto formal|angebot|proposition|devis|proposta)\b")]
    private static partial Regex Proceed();

    [GeneratedRegex(@"(?i)^\s*(?:what|which|how|when|where|why|who|do|does|can|could|is|are|will|would|qué|cuál|cómo|cuándo|dónde|was|wie|wann|wo|welche|quel|quelle|comment|quand|où|o que|qual|como|quando|onde)\b")]
    private static partial Regex QuestionWord();
}
