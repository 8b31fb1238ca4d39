using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streamline.Core.Ai;
using Streamline.Core.Conversations;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Assistant;

public enum AnswerOutcome { Answered, NotUnderstood, NoCredits, Paused, Invalid }

/// <summary>
/// One answer from Leo: its words, the table every number in them was quoted from, a suggestion (shown labelled as one),
/// and what it cost.
/// </summary>
public sealed record AssistantAnswer(string Question, AnswerOutcome Outcome, string Text, AssistantTable? Table = null,
    string? Suggestion = null, long ChargedMillicredits = 0);

/// <summary>
/// Leo, the owner's assistant: answers questions about the current workspace's own numbers by running one of
/// <see cref="AssistantTools"/> and quoting its table. Every answer is metered like any AI call (held before, captured
/// after, under a key the page fixes per question, so sending the same question twice is charged once).
/// </summary>
public sealed class Leo(AssistantTools tools, AiMeter meter, ModelCatalog catalog, TokenCounter tokens, IOptions<AiOptions> ai, IServiceProvider services)
{
    /// <summary>Model round trips per answer: a tool round or two, then the words.</summary>
    public const int MaxRounds = 3;

    public const string Unreachable = "The AI could not be reached just now, so Leo could not answer. Nothing was charged: try again in a minute.";

    public const int MaxQuestionLength = 500;

    /// <summary>The question, the tool's table and the answer fit in these; the hold (and the estimate) is sized from them.</summary>
    public const int MaxInputTokens = 3_000;
    public const int MaxOutputTokens = 500;

    public const string Purpose = "Leo, the assistant";

    public static readonly IReadOnlyList<string> Examples =
    [
        "How many leads last week by campaign?",
        "Which channel converts best?",
        "Compare this month with last",
        "How many conversations yesterday?",
        "What do visitors ask most that we don't answer?",
    ];

    public static string Help =>
        "I can answer questions about your own numbers: conversations, leads, proposals won and revenue, by campaign, by " +
        "channel, for a period or compared with the one before, and what visitors asked that the assistant could not answer. Try: " + string.Join(" · ", Examples.Select(e => $"“{e}”"));

    /// <summary>The most one answer can cost, shown before the question is sent.</summary>
    public async Task<long> EstimateAsync(CancellationToken ct = default) =>
        Math.Max(1, (await catalog.PickAsync(AiTask.Assistant, MaxInputTokens, ct)).CostMillicredits(MaxInputTokens, MaxOutputTokens));

    public async Task<AssistantAnswer> AskAsync(Guid workspaceId, string? question, Guid requestId, CancellationToken ct = default)
    {
        question = question?.Trim() ?? "";
        if (question.Length == 0) return new(question, AnswerOutcome.Invalid, "Type a question first.");
        if (question.Length > MaxQuestionLength)
            return new(question[..MaxQuestionLength], AnswerOutcome.Invalid, $"Keep a question under {MaxQuestionLength} characters.");

        var online = ai.Value.IsOnline;
        var intent = AssistantIntents.Intent(question);
        // Offline, not understood costs nothing: no tool ran and no model was asked.
        if (!online && intent == AssistantIntent.Unknown) return new(question, AnswerOutcome.NotUnderstood, Help);

        var promptTokens = tokens.Count(question);
        var hold = await meter.HoldAsync(workspaceId, AiTask.Assistant, promptTokens, MaxInputTokens, MaxOutputTokens, Purpose,
            $"assistant:{workspaceId}:{requestId}", ct);
        if (!hold.MayCall)
            return new(question, hold.Outcome == HoldOutcome.Paused ? AnswerOutcome.Paused : AnswerOutcome.NoCredits,
                hold.Outcome == HoldOutcome.Paused
                    ? "This workspace's credit use is paused, so Leo cannot answer just now. Nothing was charged."
                    : "This workspace has no credits left for Leo. Add credits under Credits & billing, then ask again. Nothing was charged.");

        if (online) return await AnswerOnlineAsync(question, hold, ct);

        AssistantAnswer answer;
        try
        {
            answer = await AnswerOfflineAsync(question, intent, ct);
        }
        catch
        {
            await meter.ReleaseAsync(hold, CancellationToken.None);
            throw;
        }
        var input = promptTokens + tokens.Count(AssistantFunctions.Text(answer.Table!));
        var output = tokens.Count(answer.Text) + tokens.Count(answer.Suggestion ?? "");
        var charged = await meter.SettleAsync(hold, input, output, CancellationToken.None);
        return answer with { ChargedMillicredits = charged };
    }

    /// <summary>
    /// The configured model with the tools as function calls. Its words are shown only when every number in them is in a
    /// table a tool returned; otherwise the tables speak for themselves.
    /// </summary>
    private async Task<AssistantAnswer> AnswerOnlineAsync(string question, AiHold hold, CancellationToken ct)
    {
        var client = services.GetRequiredService<ChatClients>().For(hold.Model.Name);
        var prompt = new List<Microsoft.Extensions.AI.ChatMessage>
        {
            new(ChatRole.System,
                "You are Leo, the assistant of a small business owner using Streamline, a sales chat product. Answer questions about " +
                "their own numbers only by calling the tools, then answer in one to three sentences quoting the tools' figures " +
                "exactly as given. Never compute, estimate or invent a number. If you give advice, start that sentence with " +
                $"\"Suggestion:\". Today is {tools.Today:yyyy-MM-dd} (UTC). If no tool fits, say what you can answer."),
            new(ChatRole.User, question),
        };
        var tables = new List<AssistantTable>();
        int input = 0, output = 0;
        string text;
        try
        {
            ChatResponse response;
            var round = 1;
            while (true)
            {
                var options = new ChatOptions
                {
                    ModelId = hold.Model.Name, MaxOutputTokens = MaxOutputTokens,
                    Tools = round < MaxRounds ? AssistantFunctions.All : null,
                };
                response = await client.GetResponseAsync(prompt, options, ct);
                input += (int)(response.Usage?.InputTokenCount ?? prompt.Sum(m => tokens.Count(m.Text)));
                output += (int)(response.Usage?.OutputTokenCount ?? tokens.Count(response.Text));
                var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
                if (calls.Count == 0 || round++ >= MaxRounds) break;
                prompt.AddRange(response.Messages);
                var results = new List<AIContent>();
                foreach (var call in calls)
                {
                    var found = await AssistantFunctions.RunAsync(tools, call, ct);
                    if (found is not null) tables.Add(found);
                    results.Add(new FunctionResultContent(call.CallId, found is null ? "Unknown tool." : AssistantFunctions.Text(found)));
                }
                prompt.Add(new Microsoft.Extensions.AI.ChatMessage(ChatRole.Tool, results));
            }
            text = response.Text.Trim();
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            await meter.ReleaseAsync(hold, CancellationToken.None);
            return new(question, AnswerOutcome.Invalid, Unreachable);
        }
        var charged = await meter.SettleAsync(hold, input, output, CancellationToken.None);

        string? suggestion = null;
        var at = text.IndexOf("Suggestion:", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            suggestion = text[(at + "Suggestion:".Length)..].Trim();
            text = text[..at].Trim();
        }
        var table = tables.LastOrDefault();
        var quoted = AssistantFunctions.QuotesOnly(text + " " + suggestion, tables);
        if (!quoted || text.Length == 0)
        {
            text = table is null ? Help : "Here is what the numbers say.";
            suggestion = null;
        }
        return new(question, table is null && !quoted ? AnswerOutcome.NotUnderstood : AnswerOutcome.Answered, text, table, suggestion, charged);
    }

    private async Task<AssistantAnswer> AnswerOfflineAsync(string question, AssistantIntent intent, CancellationToken ct)
    {
        var period = AssistantIntents.Period(question, tools.Today);
        switch (intent)
        {
            case AssistantIntent.LeadsByCampaign:
            {
                var table = await tools.LeadsByCampaignAsync(period, ct);
                var withLeads = Enumerable.Range(0, table.Rows.Count).Where(i => table.Cell(i, "Leads") != "0").ToList();
                if (withLeads.Count == 0) return new(question, AnswerOutcome.Answered, $"No leads {period.Label}.", table);
                var parts = withLeads.Select(i => $"{table.Cell(i, "Campaign")} {Leads(table.Cell(i, "Leads"))}");
                return new(question, AnswerOutcome.Answered,
                    $"Leads {period.Label} by campaign: {string.Join(", ", parts)}. {table.Cell(withLeads[0], "Campaign")} brought the most.", table);
            }
            case AssistantIntent.ChannelConversion:
            {
                var table = await tools.ChannelConversionAsync(period, ct);
                if (table.Rows.Count == 0 || table.Cell(0, "Conversion") == "–")
                    return new(question, AnswerOutcome.Answered, $"No conversations {period.Label}, so no channel has converted yet.", table);
                var best = table.Cell(0, "Channel");
                var text = $"{best} converts best {period.Label}: {table.Cell(0, "Won")} won of {table.Cell(0, "Conversations")} conversations ({table.Cell(0, "Conversion")}).";
                string? suggestion = null;
                if (table.Rows.Count > 1)
                {
                    var last = table.Rows.Count - 1;
                    suggestion = $"{table.Cell(last, "Channel")} converts least ({table.Cell(last, "Conversion")}): look at what your {best} " +
                        $"conversations do that its conversations don't, and send more visitors to {best}.";
                }
                return new(question, AnswerOutcome.Answered, text, table, suggestion);
            }
            case AssistantIntent.ComparePeriods:
            {
                if (period.Label == $"in the last {AssistantIntents.DefaultDays} days" && !question.Contains("30", StringComparison.Ordinal))
                    period = AssistantIntents.Period("this month", tools.Today);
                var table = await tools.CompareAsync(period, ct);
                string Line(int row) => $"{table.Rows[row][0].ToLowerInvariant()} {table.Rows[row][1]} against {table.Rows[row][2]} ({table.Rows[row][3]})";
                var text = $"{Capitalized(period.Label)} compared with {AssistantIntents.PreviousOf(period).Label}: {Line(0)}, {Line(1)}, {Line(3)}, {Line(4)}.";
                string? suggestion = table.Rows[1][3].StartsWith('-')
                    ? "Leads are down on the period before: check which campaigns slowed down (ask “leads by campaign this month”)."
                    : null;
                return new(question, AnswerOutcome.Answered, text, table, suggestion);
            }
            case AssistantIntent.UnansweredQuestions:
            {
                var table = await tools.UnansweredQuestionsAsync(period, ct);
                if (table.Rows.Count == 0)
                    return new(question, AnswerOutcome.Answered, $"Visitors asked nothing the assistant could not answer {period.Label}.", table);
                var most = Enumerable.Range(0, Math.Min(3, table.Rows.Count))
                    .Select(i => $"“{table.Cell(i, "Question")}” {Times(table.Cell(i, "Times asked"))}");
                return new(question, AnswerOutcome.Answered,
                    $"Asked most {period.Label} without an answer from the assistant: {string.Join(", ", most)}.", table,
                    "Add these answers to a document under Knowledge so the assistant can give them next time.");
            }
            default:
            {
                var table = await tools.TotalsAsync(period, ct);
                var measure = AssistantIntents.Measure(question);
                string Value(string name) => table.Rows.Single(r => r[0] == name)[1];
                var text = measure is null
                    ? $"{Capitalized(period.Label)}: {Value(AssistantTools.ConversationsMeasure)} conversations, {Value(AssistantTools.LeadsMeasure)} leads, " +
                      $"{Value(AssistantTools.WonMeasure)} won, {Value(AssistantTools.RevenueMeasure)} revenue."
                    : $"{measure} {period.Label}: {Value(measure)}.";
                return new(question, AnswerOutcome.Answered, text, table);
            }
        }
    }

    private static string Leads(string count) => count == "1" ? "1 lead" : $"{count} leads";

    private static string Times(string count) => count == "1" ? "once" : $"{count} times";

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
