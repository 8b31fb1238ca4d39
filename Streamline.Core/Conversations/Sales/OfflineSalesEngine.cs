using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Streamline.Core.Knowledge;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Streamline.Core.Conversations.Sales;

/// <summary>
/// The embedded sales rep (no AI provider configured): the same <see cref="IChatClient"/> contract as a real
/// model, answered deterministically from the campaign's chat flow. It asks for tools exactly as a model
/// would (so contact details, recommendations and handoffs take the same validated path), streams its text
/// in word-sized chunks and reports token counts from the same tokenizer the prompt is measured with.
/// </summary>
public sealed partial class OfflineSalesEngine(SalesContext context, TokenCounter tokens, TermAnalyzer terms) : IChatClient
{
    /// <summary>Share of an objection's terms the visitor's message must contain for its answer to be given.</summary>
    private const double ObjectionMatch = 0.5;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiMessage> messages, ChatOptions? options = null, CancellationToken ct = default) =>
        await GetStreamingResponseAsync(messages, options, ct).ToChatResponseAsync(ct);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var list = messages.ToList();
        var lastVisitor = list.FindLastIndex(m => m.Role == ChatRole.User);
        var said = lastVisitor >= 0 ? list[lastVisitor].Text : "";
        var results = list.Skip(lastVisitor + 1).SelectMany(m => m.Contents.OfType<FunctionResultContent>()).ToList();
        var calls = list.Skip(lastVisitor + 1).SelectMany(m => m.Contents.OfType<FunctionCallContent>()).ToList();
        var input = list.Sum(m => tokens.Count(m.Text));

        if (calls.Count == 0 && options?.Tools is { Count: > 0 } && Decide(said, list) is { Count: > 0 } wanted)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. wanted, Usage(input, 20)]) { FinishReason = ChatFinishReason.ToolCalls };
            yield break;
        }

        var reply = Compose(said, list, calls, results);
        foreach (Match word in Words().Matches(reply))
        {
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word.Value);
            await Task.Yield();
        }
        yield return new ChatResponseUpdate(ChatRole.Assistant, [Usage(input, tokens.Count(reply))]) { FinishReason = ChatFinishReason.Stop };
    }

    /// <summary>The tools a model would call for this message.</summary>
    private List<AIContent> Decide(string said, List<AiMessage> history)
    {
        var calls = new List<AIContent>();
        if (ContactParser.Parse(said) is { } details)
            calls.Add(Call(SalesTools.SaveContact, JsonSerializer.SerializeToElement(details)));
        else if (AnsweredQuestion(history) is not null && said.Length >= 3 && !said.Contains('?'))
            // An answer to a qualification question is a need in the visitor's own words.
            calls.Add(Call(SalesTools.SaveContact, JsonSerializer.SerializeToElement(new ContactDetails(PainPoints: [Trim(said, 200)]))));
        if (WantsHuman().IsMatch(said))
            calls.Add(Call(SalesTools.HandOff, JsonSerializer.SerializeToElement(new { reason = "visitor_asked" })));
        else if (ReadyForProposal(said) is { } campaign)
            calls.Add(Call(SalesTools.CreateProposal, JsonSerializer.SerializeToElement(new
            {
                product_ids = new[] { campaign.Id.ToString() },
                // The pain points are listed by the proposal itself; the needs line says what they came for.
                needs = $"{campaign.Name} for {context.Contact.Company ?? context.Contact.Name}.",
            })));
        else if (BestProduct(said) is { } product)
            calls.Add(Call(SalesTools.Recommend, JsonSerializer.SerializeToElement(new { product_id = product.Id.ToString() })));
        return calls;
    }

    private string Compose(string said, List<AiMessage> history, List<FunctionCallContent> calls, List<FunctionResultContent> results)
    {
        var parts = new List<string>();
        string? Result(string tool) =>
            calls.FirstOrDefault(c => c.Name == tool) is { } call ? results.FirstOrDefault(r => r.CallId == call.CallId)?.Result?.ToString() : null;

        if (Result(SalesTools.SaveContact) is { } saved)
        {
            if (saved.Contains("Not saved", StringComparison.Ordinal))
                parts.Add("I couldn't note all of that — could you double-check your contact details?");
            else if (saved.Contains("name", StringComparison.Ordinal) && context.Contact.Name is { } name)
                parts.Add($"Nice to meet you, {name.Split(' ')[0]}!");
            else if (saved.StartsWith("saved", StringComparison.Ordinal))
                parts.Add("Thanks, I've noted that.");
        }
        if (Result(SalesTools.HandOff) is { } handoff && !handoff.StartsWith("error", StringComparison.Ordinal))
        {
            parts.Add("Of course — I've asked someone from the team to join this conversation.");
            return string.Join(" ", parts);
        }

        if (Result(SalesTools.CreateProposal) is { } proposed && LinkIn(proposed) is { } link)
            return string.Join(" ", parts.Append($"I've put together a proposal for you: {link} — have a look, and you can accept it right there."));

        var answered = false;
        SalesProduct? focus = null;
        if (Objection(said) is { } objection) { parts.Add(objection); answered = true; }
        if (Result(SalesTools.Recommend) is { } recommended && !recommended.StartsWith("error", StringComparison.Ordinal)
            && calls.First(c => c.Name == SalesTools.Recommend).Arguments?["product_id"]?.ToString() is { } id
            && Guid.TryParse(id, out var productId) && context.Product(productId) is { } product)
        {
            var features = product.Features.Count > 0 ? $" It includes {string.Join(", ", product.Features.Take(4))}." : "";
            parts.Add($"I'd suggest {product.Name} ({product.Price}).{(product.Description is { } d ? " " + d : "")}{features}");
            answered = true;
            focus = product;
        }
        if (!answered && said.Contains('?') && context.Knowledge.Passages.FirstOrDefault() is { } passage)
            parts.Add("Here's what I can tell you: " + Sentences(passage.Hit.Text, 2));
        else if (!answered && said.Contains('?'))
            parts.Add("Good question — I'll make sure someone from the team confirms that for you.");

        parts.Add(NextStep(history, focus));
        return string.Join(" ", parts.Where(p => p.Length > 0));
    }

    /// <summary>
    /// The next qualification question not yet asked, then the e-mail, then the closing. Once this turn recommends a
    /// product, its own questions: the conversation moves to that campaign, so the ones it started with no longer fit.
    /// </summary>
    private string NextStep(List<AiMessage> history, SalesProduct? focus)
    {
        var asked = history.Where(m => m.Role == ChatRole.Assistant).Select(m => m.Text).ToList();
        var questions = focus?.Questions ?? context.Campaign?.QualificationQuestions ?? [];
        if (questions.FirstOrDefault(q => !asked.Any(a => a.Contains(q, StringComparison.Ordinal))) is { } next) return next;
        if (context.Contact.Name is null) return "May I have your name?";
        if (context.Contact.Email is null) return "What's the best e-mail address to send you the details?";
        return (focus is null ? context.Campaign?.ClosingMessage : focus.ClosingMessage) ?? "Is there anything else I can help you with?";
    }

    /// <summary>The campaign to propose once the visitor shows intent and we know who they are and what they need.</summary>
    private SalesProduct? ReadyForProposal(string said) =>
        !context.HasProposal && Intent().IsMatch(said) && context.Contact is { Name: not null, Email: not null, PainPoints.Count: > 0 }
            && context.Campaign is { } c ? context.Product(c.Id) : null;

    private static string? LinkIn(string toolResult) =>
        toolResult.StartsWith("error", StringComparison.Ordinal) ? null
            : Regex.Match(toolResult, @"https?://\S+") is { Success: true } m ? m.Value : null;

    /// <summary>The qualification question the previous assistant message asked, if any.</summary>
    private string? AnsweredQuestion(List<AiMessage> history)
    {
        var lastVisitor = history.FindLastIndex(m => m.Role == ChatRole.User);
        var previous = history.Take(lastVisitor).LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text;
        return previous is null ? null
            : context.Campaign?.QualificationQuestions.FirstOrDefault(q => previous.Contains(q, StringComparison.Ordinal));
    }

    private string? Objection(string said)
    {
        var words = terms.Terms(said).ToHashSet();
        return (context.Campaign?.Objections ?? [])
            .Select(o => (o.Answer, Terms: terms.Terms(o.Objection).Distinct().ToList()))
            .Where(o => o.Terms.Count > 0)
            .Select(o => (o.Answer, Share: (double)o.Terms.Count(words.Contains) / o.Terms.Count))
            .Where(o => o.Share >= ObjectionMatch)
            .OrderByDescending(o => o.Share).Select(o => o.Answer).FirstOrDefault();
    }

    /// <summary>
    /// The product whose name, description and features share most words with a product question or a stated need
    /// ("can you build a booking page?"). Asked about products in general, the conversation's own campaign; a need
    /// that matches nothing gets no recommendation rather than a wrong one.
    /// </summary>
    private SalesProduct? BestProduct(string said)
    {
        var asked = ProductQuestion().IsMatch(said);
        if ((!asked && !NeedStatement().IsMatch(said)) || context.Products.Count == 0) return null;
        var words = terms.Terms(said).ToHashSet();
        // A word in the product's name counts most, also inside a compound: "page" names the Webpage Generator
        // more than a description that mentions a product page in passing.
        var scored = context.Products
            .Select(p => (Product: p, Score:
                terms.Terms($"{p.Name} {p.Description} {string.Join(' ', p.Features)}").Distinct().Count(words.Contains)
                + 2 * words.Count(w => w.Length >= 4 && p.Name.Contains(w, StringComparison.OrdinalIgnoreCase))))
            .OrderByDescending(p => p.Score).ToList();
        if (scored[0].Score > 0) return scored[0].Product;
        return asked && context.Campaign is { } c ? context.Product(c.Id) : null;
    }

    private static FunctionCallContent Call(string name, JsonElement args) =>
        new("offline-" + Guid.NewGuid().ToString("N")[..12], name,
            args.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).ToDictionary(p => p.Name, p => (object?)p.Value));

    private static UsageContent Usage(int input, int output) =>
        new(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output });

    private static string Sentences(string text, int count)
    {
        var found = Sentence().Matches(text).Take(count).Select(m => m.Value.Trim());
        return Trim(string.Join(" ", found).Trim() is { Length: > 0 } s ? s : text, 400);
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex Words();

    [GeneratedRegex(@"[^.!?]+[.!?]+")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"(?i)\b(human|real person|someone real|a person|an agent|representative|talk to (?:someone|a|the team)|speak (?:to|with) (?:someone|a|the team))\b")]
    private static partial Regex WantsHuman();

    [GeneratedRegex(@"(?i)\b(price|pricing|cost|costs|how much|recommend|which (?:product|service|plan|option)|what do you (?:offer|sell)|services?|products?|plans?|package)\b")]
    private static partial Regex ProductQuestion();

    [GeneratedRegex(@"(?i)\b(can you (?:build|make|create|design|set up|automate|help)|do you (?:build|make|do|create)|(?:we|i) (?:need|want|are looking for|am looking for)|looking for)\b")]
    private static partial Regex NeedStatement();

    [GeneratedRegex(@"(?i)\b(proposal|quote|get started|sign (?:me )?up|buy|interested|let's do it|go ahead)\b")]
    private static partial Regex Intent();

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
