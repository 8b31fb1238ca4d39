using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Streamline.Core.Conversations.Sales.Understanding;
using Streamline.Core.Knowledge;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;
using Say = Streamline.Core.Conversations.Sales.Understanding.Phrases.Key;

namespace Streamline.Core.Conversations.Sales;

/// <summary>
/// The embedded sales rep (no AI provider configured): the same <see cref="IChatClient"/> contract as a real
/// model, answered deterministically from the workspace's campaigns and documents. It asks for tools exactly as a
/// model would (so contact details, recommendations and handoffs take the same validated path), streams its text
/// in word-sized chunks and reports token counts from the same tokenizer the prompt is measured with.
/// </summary>
public sealed partial class OfflineSalesEngine(SalesContext context, TokenCounter tokens, TermAnalyzer terms) : IChatClient
{
    /// <summary>Share of an objection's terms the visitor's message must contain for its answer to be given.</summary>
    private const double ObjectionMatch = 0.5;

    /// <summary>How often the engine asks for a name or an e-mail the visitor has not given: asking on every turn is nagging.</summary>
    private const int MaxAsks = 2;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiMessage> messages, ChatOptions? options = null, CancellationToken ct = default) =>
        await GetStreamingResponseAsync(messages, options, ct).ToChatResponseAsync(ct);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var list = messages.ToList();
        var lastVisitor = list.FindLastIndex(m => m.Role == ChatRole.User);
        var results = list.Skip(lastVisitor + 1).SelectMany(m => m.Contents.OfType<FunctionResultContent>()).ToList();
        var calls = list.Skip(lastVisitor + 1).SelectMany(m => m.Contents.OfType<FunctionCallContent>()).ToList();
        var input = list.Sum(m => tokens.Count(m.Text));
        var turn = Read(list, lastVisitor);

        if (calls.Count == 0 && options?.Tools is { Count: > 0 } && Decide(turn) is { Count: > 0 } wanted)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. wanted, Usage(input, 20)]) { FinishReason = ChatFinishReason.ToolCalls };
            yield break;
        }

        var reply = Compose(turn, calls, results);
        foreach (Match word in Words().Matches(reply))
        {
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word.Value);
            await Task.Yield();
        }
        yield return new ChatResponseUpdate(ChatRole.Assistant, [Usage(input, tokens.Count(reply))]) { FinishReason = ChatFinishReason.Stop };
    }

    /// <summary>What this turn is about, read once from the message and the conversation so far.</summary>
    private sealed record Turn(
        string Said, string Language, List<string> EarlierVisitor, List<string> EarlierReplies, ContactDetails? Details,
        bool Handoff, bool Complaint, bool Bot, bool Objection, List<SalesProduct> Named, SalesProduct? Focus, string? Unknown,
        StoreProduct? ShopItem);

    private Turn Read(List<AiMessage> list, int lastVisitor)
    {
        var said = lastVisitor >= 0 ? list[lastVisitor].Text : "";
        var before = list.Take(Math.Max(lastVisitor, 0)).ToList();
        var earlierVisitor = before.Where(m => m.Role == ChatRole.User).Select(m => m.Text).ToList();
        var earlierReplies = before.Where(m => m.Role == ChatRole.Assistant && m.Text.Length > 0).Select(m => m.Text).ToList();
        var details = Details(said, earlierReplies.LastOrDefault());
        var handoff = Intents.WantsHuman(said) || Intents.Complains(said);
        var named = Catalogue.Named(said, context.Products);
        var productQuestion = Intents.AsksPrice(said) || Intents.AsksWhatIsIncluded(said) || OfferQuestion().IsMatch(said);
        var unknown = productQuestion && named.Count == 0
            ? Catalogue.UnknownProduct(said, context.Products, [context.BusinessName, details?.Name ?? "", details?.Company ?? ""])
            : null;
        // A shop product named by its title is answered from the shop rather than called unknown.
        var shopItem = named.Count == 0 ? context.Shop.Where(p => p.Title.Length >= 3 && said.Contains(p.Title, StringComparison.OrdinalIgnoreCase))
            .MaxBy(p => p.Title.Length) : null;
        if (shopItem is not null) unknown = null;
        // "Do you sell laptops?" with nothing that fits: said not to be offered rather than left unanswered.
        if (shopItem is null && unknown is null && named.Count == 0 && OfferObject().Match(said) is { Success: true } asked
            && Catalogue.Fit(asked.Groups["what"].Value, context.Products, terms.Terms) is [{ Score: <= 0 }, ..]
            && !Documented(asked.Groups["what"].Value))
            unknown = asked.Groups["what"].Value.Trim();
        // "Which is your most expensive plan?" asks about the catalogue; it does not object to a price.
        var objection = Intents.IsPriceObjection(said) && !Intents.AsksCheapest(said) && !Intents.AsksDearest(said);
        return new Turn(said, VisitorLanguage.Of(said, earlierVisitor), earlierVisitor, earlierReplies, details, handoff, Intents.Complains(said),
            Intents.AsksIfBot(said) && !handoff, objection, named, named.FirstOrDefault() ?? LastNamed(earlierReplies), unknown, shopItem);
    }

    /// <summary>
    /// Contact details in the message; failing those, a reply to a qualification question is a need in the visitor's
    /// own words, unless it is a question, an objection, a request for a person or small talk.
    /// </summary>
    private ContactDetails? Details(string said, string? previousReply)
    {
        var details = ContactParser.Parse(said, PhoneRegion.FromProfile(context.Knowledge.Profile?.Text));
        if (details is not null) return details;
        // A visitor often gives just their name: "Sarah" when asked for it, "Tom Becker" at any time (unless it names a product).
        var asked = previousReply is not null && VisitorLanguage.Supported.Any(l => previousReply.Contains(Phrases.Say(Say.AskName, l), StringComparison.Ordinal));
        if (BareName().Match(said.Trim()) is { Success: true } bare && !SmallTalk().IsMatch(said)
            && (asked || (bare.Value.Contains(' ') && Catalogue.Named(said, context.Products).Count == 0
                          && Catalogue.Fit(said, context.Products, terms.Terms) is [{ Score: <= 0 }, ..])))
            return new ContactDetails(Name: bare.Value);
        var answersQuestion = previousReply is not null
            && context.Products.SelectMany(p => p.Questions).Concat(context.Campaign?.QualificationQuestions ?? [])
                .Any(q => previousReply.Contains(q, StringComparison.Ordinal));
        if (!answersQuestion || said.Trim().Length < 3 || Intents.IsQuestion(said) || Intents.IsPriceObjection(said) || Intents.WantsHuman(said)
            || Intents.AsksIfBot(said) || SmallTalk().IsMatch(said) || !said.Any(char.IsLetter)) return null;
        return new ContactDetails(PainPoints: [Trim(said.Trim(), Needs.MaxLength)]);
    }

    /// <summary>The tools a model would call for this message.</summary>
    private List<AIContent> Decide(Turn turn)
    {
        var calls = new List<AIContent>();
        // An order question is answered by the lookup alone: its number must not be taken for a phone or a need.
        if (OrderAsked(turn.Said) is { Number: { } number, Contact: { } contact })
        {
            calls.Add(Call(SalesTools.LookUpOrder, JsonSerializer.SerializeToElement(new { order_number = number, email_or_phone = contact })));
            return calls;
        }
        if (turn.Details is { } details) calls.Add(Call(SalesTools.SaveContact, JsonSerializer.SerializeToElement(details)));
        if (turn.Handoff)
            calls.Add(Call(SalesTools.HandOff, JsonSerializer.SerializeToElement(new { reason = turn.Complaint ? "complaint" : "visitor_asked" })));
        else if (ReadyForProposal(turn) is { } product)
            calls.Add(Call(SalesTools.CreateProposal, JsonSerializer.SerializeToElement(new
            {
                product_ids = new[] { product.Id.ToString() },
                // The pain points are listed by the proposal itself; the needs line says what they came for.
                needs = $"{product.Name} for {turn.Details?.Company ?? context.Contact.Company ?? turn.Details?.Name ?? context.Contact.Name}.",
            })));
        else if (Answer(turn).Recommended is { } recommended)
            calls.Add(Call(SalesTools.Recommend, JsonSerializer.SerializeToElement(new { product_id = recommended.Id.ToString() })));
        return calls;
    }

    private string Compose(Turn turn, List<FunctionCallContent> calls, List<FunctionResultContent> results)
    {
        var lang = turn.Language;
        var parts = new List<string>();
        string? Result(string tool) =>
            calls.FirstOrDefault(c => c.Name == tool) is { } call ? results.FirstOrDefault(r => r.CallId == call.CallId)?.Result?.ToString() : null;

        if (Result(SalesTools.SaveContact) is { } saved)
        {
            if (saved.Contains("Not saved", StringComparison.Ordinal)) parts.Add(Phrases.Say(Say.CheckDetails, lang));
            else if (turn.Details?.Name is not null && context.Contact.Name is { } name) parts.Add(Phrases.Say(Say.NiceToMeet, lang, name.Split(' ')[0]));
            else if (saved.StartsWith("saved", StringComparison.Ordinal)) parts.Add(Phrases.Say(Say.Noted, lang));
        }
        if (Result(SalesTools.HandOff) is { } handoff && !handoff.StartsWith("error", StringComparison.Ordinal))
            return string.Join(" ", parts.Append(Phrases.Say(Say.HandedOff, lang)));
        if (Result(SalesTools.CreateProposal) is { } proposed && LinkIn(proposed) is { } link)
            return string.Join(" ", parts.Append(Phrases.Say(Say.Proposal, lang, link)));
        if (Result(SalesTools.LookUpOrder) is { } looked) return OrderReply(looked, lang);
        if (calls.Count == 0 && OrderAsked(turn.Said) is { } asked && (asked.Number is null || asked.Contact is null)
            && (asked.Number is not null || OrderStatusAsked().IsMatch(turn.Said)))
            return Phrases.Say(Say.OrderAskDetails, lang);

        var answer = Answer(turn);
        parts.AddRange(answer.Lines);
        var focus = answer.Recommended ?? turn.Focus;
        // A reply is never the same as an earlier one: the next step moves on, or a different one is offered.
        foreach (var step in NextSteps(turn, focus))
        {
            var reply = string.Join(" ", parts.Append(step).Where(p => p.Length > 0));
            if (reply.Length > 0 && !turn.EarlierReplies.Contains(reply)) return reply;
        }
        return Phrases.Say(Say.Welcome, lang);
    }

    private sealed record Answered(List<string> Lines, SalesProduct? Recommended);

    /// <summary>What the visitor asked, answered from the campaigns and the documents; never a price or claim that is not in them.</summary>
    private Answered Answer(Turn turn)
    {
        var lang = turn.Language;
        var lines = new List<string>();
        SalesProduct? recommended = null;
        var said = turn.Said;
        var products = context.Products;

        if (turn.Bot) lines.Add(Phrases.Say(Say.Bot, lang, context.BusinessName));
        if (turn.Objection && Objection(said, turn.Focus) is { } objection)
        {
            lines.Add(Phrases.Say(Say.Understand, lang) + " " + objection);
            if (CheaperAsked().IsMatch(said) && turn.Focus is { } dear
                && products.Where(p => p.PriceCents > 0 && p.PriceCents < dear.PriceCents).OrderBy(p => p.PriceCents).ToList() is { Count: > 0 } cheaper)
                lines.Add(Phrases.Say(Say.Cheaper, lang, string.Join(", ", cheaper.Select(p => $"{p.Name} ({p.Price})"))));
        }
        else if (turn.ShopItem is { } item && !turn.Bot)
        {
            lines.Add(Phrases.Say(Say.Price, lang, item.Title, item.Price)
                      + item.InStock switch { true => " " + Phrases.Say(Say.InStock, lang), false => " " + Phrases.Say(Say.OutOfStock, lang), null => "" });
        }
        else if (products.Count > 0 && !turn.Bot)
        {
            var fit = Catalogue.Fit(said + SizeHint(turn), products, terms.Terms);
            var strong = fit[0].Score >= StrongFit && (fit.Count == 1 || fit[0].Score - fit[1].Score >= 1);
            if (turn.Named.Count >= 2 && (Intents.AsksToCompare(said) || Intents.AsksForRecommendation(said) || said.Contains(" or ", StringComparison.OrdinalIgnoreCase)))
            {
                var compared = turn.Named.Take(3).ToList();
                lines.Add(Phrases.Say(Say.Compare, lang, string.Join("; ", compared.Select(Summary))));
                var best = fit.Where(f => compared.Contains(f.Product)).OrderByDescending(f => f.Score - 3 * NameScore(f.Product, said)).First().Product;
                if (Needs.Find(said).Count > 0 || Intents.AsksForRecommendation(said) || Intents.AsksToCompare(said))
                    lines.Add(Phrases.Say(Say.Suggest, lang, best.Name, best.Price));
                recommended = best;
            }
            else if (Intents.AsksCheapest(said) && Catalogue.Cheapest(products) is { } cheapest)
            {
                lines.Add(Phrases.Say(Say.Cheapest, lang, cheapest.Name, cheapest.Price) + Description(cheapest));
                recommended = cheapest;
            }
            else if (Intents.AsksDearest(said) && Catalogue.Dearest(products) is { } dearest)
            {
                lines.Add(Phrases.Say(Say.Dearest, lang, dearest.Name, dearest.Price) + Description(dearest) + " " + Includes(dearest, lang));
                recommended = dearest;
            }
            else if (turn.Unknown is { } unknown)
            {
                var closest = fit[0].Score > 0 ? fit[0].Product : context.Campaign is { } c ? context.Product(c.Id) ?? fit[0].Product : fit[0].Product;
                lines.Add(Phrases.Say(Say.NotOffered, lang, unknown) + " " + Phrases.Say(Say.Closest, lang, closest.Name, closest.Price) + Description(closest));
                recommended = closest;
            }
            else if (Subject(turn) is { } included && Intents.AsksWhatIsIncluded(said))
            {
                lines.Add($"{included.Name} ({included.Price}).{Description(included)} {Includes(included, lang)}");
                recommended = included;
            }
            else if (Subject(turn) is { } priced && Intents.AsksPrice(said))
            {
                lines.Add(Phrases.Say(Say.Price, lang, priced.Name, priced.Price) + Description(priced));
                recommended = priced;
            }
            else if (Intents.AsksWhatIsOffered(said) || (Intents.AsksPrice(said) && products.Count > 1 && fit[0].Score <= 0))
                lines.Add(Phrases.Say(Say.Offer, lang, string.Join("; ", products.Select(p => $"{p.Name} ({p.Price})"))));
            else if ((Wants(said, turn) && (fit[0].Score > 0 || Intents.AsksForRecommendation(said) || Intents.AsksPrice(said))) || strong)
            {
                // With nothing to go on, a recommendation starts from the entry option rather than the dearest.
                var product = fit[0].Score > 0 ? fit[0].Product
                    : Intents.AsksForRecommendation(said) ? Catalogue.Cheapest(products) ?? fit[0].Product
                    : turn.Focus ?? (context.Campaign is { } c ? context.Product(c.Id) : null) ?? fit[0].Product;
                var price = Intents.AsksPrice(said) ? Phrases.Say(Say.Price, lang, product.Name, product.Price) : Phrases.Say(Say.Suggest, lang, product.Name, product.Price);
                lines.Add(price + Description(product) + " " + Includes(product, lang));
                recommended = product;
            }
            else if (turn.Named.Count > 0)
            {
                var product = turn.Named[0];
                lines.Add(Phrases.Say(Say.Suggest, lang, product.Name, product.Price) + Description(product) + " " + Includes(product, lang));
                recommended = product;
            }
        }
        if (Intents.IsQuestion(said) && !turn.Bot && FromDocuments(said, turn, lines) is { Count: > 0 } facts) lines.AddRange(facts);
        if (lines.Count == 0 && Intents.IsQuestion(said) && !turn.Bot && !SmallTalk().IsMatch(said)) lines.Add(Phrases.Say(Say.DontKnow, lang));
        return new Answered(lines, recommended);
    }

    /// <summary>The product a question is about: the one it names, or for "it" and "that" the one last spoken of.</summary>
    private static SalesProduct? Subject(Turn turn) =>
        turn.Named.FirstOrDefault() ?? (Pronoun().IsMatch(turn.Said) ? turn.Focus : null);

    /// <summary>A fit this good (the product's name or meaning named) is a recommendation even without a question.</summary>
    private const double StrongFit = 4.5;

    /// <summary>Words a team size stands for, so "for a team of 4" fits a product for small teams.</summary>
    private string SizeHint(Turn turn) => (turn.Details?.TeamSize ?? context.Contact.TeamSize) switch
    {
        null => "",
        <= 10 => " small",
        >= 50 => " large organisation",
        _ => " growing",
    };

    /// <summary>Whether the documents or the campaigns' answers speak of it ("a free trial"): then it is not "not offered".</summary>
    private bool Documented(string what)
    {
        var asked = terms.Terms(what).Where(t => !Vague.Contains(t)).ToHashSet();
        var texts = context.Knowledge.Passages.Select(p => p.Hit.Text)
            .Concat(context.Products.SelectMany(p => p.Objections.Select(o => o.Answer)));
        return asked.Count > 0 && texts.Any(t => terms.Terms(t).Any(asked.Contains));
    }

    /// <summary>Whether the message is about what to buy: a need, a product question, a request for a recommendation.</summary>
    private static bool Wants(string said, Turn turn) =>
        Needs.Find(said).Count > 0 || Intents.AsksForRecommendation(said) || Intents.AsksPrice(said) || Intents.AsksWhatIsIncluded(said)
        || OfferQuestion().IsMatch(said) || (turn.Details?.PainPoints is { Count: > 0 } && turn.Details.Name is null);

    private static int NameScore(SalesProduct p, string said) =>
        Catalogue.WordsOf(p.Name).Count(n => Catalogue.WordsOf(said).Any(w => Catalogue.Like(w, n)));

    /// <summary>
    /// Facts a question asks about from the campaigns' features ("does it work with Xero?" → the plan that includes a
    /// Xero integration) and the passages of the business's documents, sentence by sentence; nothing said twice.
    /// </summary>
    private List<string> FromDocuments(string said, Turn turn, List<string> already)
    {
        var productWords = context.Products.SelectMany(p => terms.Terms(p.Name)).ToHashSet();
        var asked = terms.Terms(said).Where(t => !productWords.Contains(t) && !Vague.Contains(t)).ToHashSet();
        if (asked.Count == 0) return [];
        var found = new List<string>();
        var written = string.Join(" ", already);
        var withFeature = (turn.Named.Count > 0 ? turn.Named : context.Products)
            .SelectMany(p => p.Features.Select(f => (Product: p, Feature: f, Hits: terms.Terms(f).Count(asked.Contains))))
            .Where(x => x.Hits > 0).OrderByDescending(x => x.Hits).ThenBy(x => x.Product.PriceCents).FirstOrDefault();
        if (withFeature.Product is { } featured && !written.Contains(withFeature.Feature, StringComparison.OrdinalIgnoreCase))
            found.Add($"{featured.Name} ({featured.Price}) includes {withFeature.Feature}.");
        var sentences = context.Knowledge.Passages
            .SelectMany(p => SentencesOf(p.Hit.Text))
            .Select(s => (Text: s, Hits: terms.Terms(s).Distinct().Count(asked.Contains)))
            .Where(s => s.Hits > 0 && !written.Contains(s.Text, StringComparison.Ordinal))
            .OrderByDescending(s => s.Hits).Take(2).Select(s => s.Text);
        found.AddRange(sentences.Where(s => found.All(f => !f.Contains(s, StringComparison.Ordinal))));
        return found;
    }

    /// <summary>Question words that would match any passage.</summary>
    private static readonly HashSet<string> Vague = ["much", "get", "need", "can", "us", "offer", "price", "cost", "plan", "work", "thing", "take"];

    /// <summary>The next thing to ask or offer, best first: the flow's questions, then the name, the e-mail, the next step.</summary>
    private IEnumerable<string> NextSteps(Turn turn, SalesProduct? focus)
    {
        var lang = turn.Language;
        var asked = turn.EarlierReplies;
        var contact = context.Contact;
        var questions = focus?.Questions ?? context.Campaign?.QualificationQuestions ?? [];
        foreach (var q in questions.Where(q => !asked.Any(a => a.Contains(q, StringComparison.Ordinal)) && !AlreadyKnown(q, contact)))
            yield return q;
        var askName = Phrases.Say(Say.AskName, lang);
        if (contact.Name is null && asked.Count(a => a.Contains(askName, StringComparison.Ordinal)) < MaxAsks && asked.Count >= 1) yield return askName;
        var askEmail = Phrases.Say(Say.AskEmail, lang);
        if (contact.Email is null && contact.Phone is null && asked.Count(a => a.Contains(askEmail, StringComparison.Ordinal)) < MaxAsks) yield return askEmail;
        if (!context.HasProposal && contact is { Name: not null, Email: not null, PainPoints.Count: > 0 })
            yield return Phrases.Say(Say.ProposeNext, lang);
        if ((focus is null ? context.Campaign?.ClosingMessage : focus.ClosingMessage) is { } closing) yield return closing;
        yield return Phrases.Say(Say.AnythingElse, lang);
        // The answer alone, when every step has been offered before.
        yield return "";
    }

    /// <summary>A flow question whose answer the contact already holds ("How many people are on your team?" once the size is known).</summary>
    private static bool AlreadyKnown(string question, Contact contact) =>
        (contact.TeamSize is not null && TeamQuestion().IsMatch(question))
        || (contact.Budget is not null && BudgetQuestion().IsMatch(question))
        || (contact.Name is not null && NameQuestion().IsMatch(question))
        || (contact.Email is not null && EmailQuestion().IsMatch(question));

    /// <summary>The product to propose once the visitor wants to go ahead and we know who they are and what they need.</summary>
    private SalesProduct? ReadyForProposal(Turn turn)
    {
        if (context.HasProposal || !Intents.WantsToProceed(turn.Said)) return null;
        var name = turn.Details?.Name ?? context.Contact.Name;
        var email = turn.Details?.Email ?? context.Contact.Email;
        var needs = context.Contact.PainPoints.Count + (turn.Details?.PainPoints?.Count ?? 0);
        if (name is null || email is null || needs == 0) return null;
        return turn.Focus ?? (context.Campaign is { } c ? context.Product(c.Id) : null);
    }

    /// <summary>The last product an earlier reply named: what "it" refers to.</summary>
    private SalesProduct? LastNamed(List<string> replies)
    {
        foreach (var reply in Enumerable.Reverse(replies))
            if (context.Products.Where(p => reply.Contains(p.Name, StringComparison.Ordinal)).OrderByDescending(p => reply.LastIndexOf(p.Name, StringComparison.Ordinal)).FirstOrDefault() is { } p)
                return p;
        return null;
    }

    private static string? LinkIn(string toolResult) =>
        toolResult.StartsWith("error", StringComparison.Ordinal) ? null
            : Regex.Match(toolResult, @"https?://\S+") is { Success: true } m ? m.Value : null;

    /// <summary>The answer to a price objection: the focus product's own pair that matches best, else its first price answer.</summary>
    private string? Objection(string said, SalesProduct? focus)
    {
        var pairs = (focus ?? (context.Campaign is { } c ? context.Product(c.Id) : null))?.Objections ?? [];
        if (pairs.Count == 0) return null;
        var words = terms.Terms(said).ToHashSet();
        var scored = pairs
            .Select(o => (o.Answer, Terms: terms.Terms(o.Objection).Distinct().ToList(), Price: Intents.IsPriceObjection(o.Objection)))
            .Select(o => (o.Answer, o.Price, Share: o.Terms.Count == 0 ? 0 : (double)o.Terms.Count(words.Contains) / o.Terms.Count))
            .OrderByDescending(o => o.Share).ThenByDescending(o => o.Price).ToList();
        return scored.FirstOrDefault(o => o.Share >= ObjectionMatch).Answer ?? scored.FirstOrDefault(o => o.Price).Answer;
    }

    private static string Summary(SalesProduct p) => $"{p.Name} ({p.Price}){(p.Description is { } d ? ": " + d.TrimEnd('.') : "")}";

    private static string Description(SalesProduct p) => p.Description is { } d ? " " + d : "";

    private static string Includes(SalesProduct p, string lang) =>
        p.Features.Count > 0 ? Phrases.Say(Say.Includes, lang, string.Join(", ", p.Features.Take(4))) : "";

    private static FunctionCallContent Call(string name, JsonElement args) =>
        new("offline-" + Guid.NewGuid().ToString("N")[..12], name,
            args.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).ToDictionary(p => p.Name, p => (object?)p.Value));

    private static UsageContent Usage(int input, int output) =>
        new(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output });

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex Words();

    private sealed record OrderAsk(string? Number, string? Contact);

    /// <summary>An order the visitor refers to ("order #1001", "my order 1001") and the e-mail or phone they gave with it.</summary>
    private OrderAsk? OrderAsked(string said)
    {
        var number = OrderReference().Match(said);
        if (!number.Success && !OrderStatusAsked().IsMatch(said)) return null;
        var rest = number.Success ? said.Remove(number.Index, number.Length) : said;
        var details = ContactParser.Parse(rest, PhoneRegion.FromProfile(context.Knowledge.Profile?.Text));
        return new OrderAsk(number.Success ? number.Groups[1].Value : null, details?.Email ?? details?.Phone);
    }

    private static string OrderReply(string result, string lang)
    {
        if (result.StartsWith(SalesToolRunner.OrderNoMatch, StringComparison.Ordinal)) return Phrases.Say(Say.OrderNoMatch, lang);
        if (result.StartsWith(SalesToolRunner.OrderLimited, StringComparison.Ordinal)) return Phrases.Say(Say.OrderLimited, lang);
        if (!result.StartsWith('{')) return Phrases.Say(Say.OrderNoStore, lang);
        var facts = JsonSerializer.Deserialize<OrderFacts>(result, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var reply = Phrases.Say(Say.OrderFound, lang, facts.Order, facts.Placed, facts.Total, facts.Payment ?? "—",
            facts.Cancelled ? "cancelled" : facts.Fulfillment ?? "—", string.Join(", ", facts.Items));
        var tracking = facts.Tracking.Select(t => string.Join(" ", new[] { t.Company, t.Number, t.Url }.Where(x => !string.IsNullOrEmpty(x)))).ToList();
        return tracking.Count == 0 ? reply : reply + " " + Phrases.Say(Say.OrderTracking, lang, string.Join("; ", tracking));
    }

    [GeneratedRegex(@"(?i)(?:#|\border\s+(?:number|no\.?|nr\.?)\s*#?|\bmy\s+order\s+#?|\bpedido\s+#?|\bbestellung\s+#?|\bcommande\s+#?|\bencomenda\s+#?)(\d{3,9})\b")]
    private static partial Regex OrderReference();

    [GeneratedRegex(@"(?i)\b(?:where(?:'s|\s+is)?\s+my\s+(?:order|package|parcel)|track(?:ing)?\s+my\s+(?:order|package|parcel)|order\s+status|status\s+of\s+my\s+order|dónde está mi pedido|wo ist meine bestellung|où est ma commande|onde está (?:o )?meu pedido)\b")]
    private static partial Regex OrderStatusAsked();

    /// <summary>
    /// The sentences of a passage, as facts to quote: a full stop inside a web address or a price ends nothing, a line
    /// break ends a heading, and a heading of a few words is no fact to quote.
    /// </summary>
    internal static IEnumerable<string> SentencesOf(string text) =>
        Sentence().Matches(text).Select(m => m.Value.Trim()).Where(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4);

    [GeneratedRegex(@"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"(?i)^[\s\p{P}\p{S}]*(?:(?:hi|hello|hey|hiya|thanks|thank you|thx|ok|okay|great|cool|sure|yes|yeah|no|nope|fine|perfect|sounds good|that sounds great|good|nice|awesome|hola|hallo|bonjour|olá|oi|merci|danke|gracias|obrigad[oa]|bye|there|that|a lot|so much|much)[\s\p{P}\p{S}]*)+$")]
    private static partial Regex SmallTalk();

    [GeneratedRegex(@"(?i)\b(?:it|that|this|this one|that one|es|das|ça|isso|eso|esto)\b")]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"^\p{Lu}[\p{Ll}'-]+(?: \p{Lu}[\p{Ll}'-]+){0,2}(?=[.!]?$)")]
    private static partial Regex BareName();

    [GeneratedRegex(@"(?i)\b(?:cheaper|less expensive|más barato|günstiger|billiger|moins cher|mais barato)\b")]
    private static partial Regex CheaperAsked();

    [GeneratedRegex(@"(?i)\b(?:do you (?:have|sell|offer|do|make|build)|do u|is there|are there|can you (?:build|make|do)|tienen|haben sie|avez-vous|vocês têm)\b")]
    private static partial Regex OfferQuestion();

    [GeneratedRegex(@"(?i)\bdo (?:you|u) (?:sell|offer|have|do|make|build|carry)\s+(?:any\s+)?(?<what>[\p{L}0-9' -]{3,40}?)\s*(?:\?|$|\.|,| for | to )")]
    private static partial Regex OfferObject();

    [GeneratedRegex(@"(?i)\b(?:how many (?:people|employees|staff|users|colleagues)|team)\b")]
    private static partial Regex TeamQuestion();

    [GeneratedRegex(@"(?i)\bbudget\b")]
    private static partial Regex BudgetQuestion();

    [GeneratedRegex(@"(?i)\byour name\b")]
    private static partial Regex NameQuestion();

    [GeneratedRegex(@"(?i)\be-?mail\b")]
    private static partial Regex EmailQuestion();

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
