using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Streamline.Core.Assistant;

/// <summary>
/// <see cref="AssistantTools"/> as function calls for the configured model: declarations only, run here with the period
/// read by <see cref="AssistantIntents.Period"/>, so a model can ask for nothing but the current workspace's measures.
/// </summary>
public static partial class AssistantFunctions
{
    private const string PeriodSchema = """
        {"type":"object","properties":{"period":{"type":"string","description":"In words: today, yesterday, this week, last week, this month, last month, or last N days"}},
         "required":["period"],"additionalProperties":false}
        """;

    public static IList<AITool> All { get; } =
    [
        Declare(AssistantTools.LeadsByCampaign, "Leads, qualified leads and conversations per campaign for a period."),
        Declare(AssistantTools.ChannelConversion, "Conversations, won and conversion rate per channel for a period, best first."),
        Declare(AssistantTools.ComparePeriods, "The period's totals against the period before (this month against last month's same days)."),
        Declare(AssistantTools.UnansweredQuestions,
            "What visitors asked most that the AI sales rep could not answer in a period: each question, how many times it was asked, when last."),
        Declare(AssistantTools.Totals, "Totals for a period: conversations, leads, qualified leads, won, revenue, visitor messages, handoffs, response rate."),
    ];

    public static async Task<AssistantTable?> RunAsync(AssistantTools tools, FunctionCallContent call, CancellationToken ct)
    {
        object? argument = null;
        call.Arguments?.TryGetValue("period", out argument);
        var words = argument switch
        {
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            string s => s,
            _ => null,
        };
        var period = AssistantIntents.Period(words ?? "", tools.Today);
        return call.Name switch
        {
            AssistantTools.LeadsByCampaign => await tools.LeadsByCampaignAsync(period, ct),
            AssistantTools.ChannelConversion => await tools.ChannelConversionAsync(period, ct),
            AssistantTools.ComparePeriods => await tools.CompareAsync(period, ct),
            AssistantTools.Totals => await tools.TotalsAsync(period, ct),
            AssistantTools.UnansweredQuestions => await tools.UnansweredQuestionsAsync(period, ct),
            _ => null,
        };
    }

    /// <summary>A table as the model reads it: tab-separated, its title first.</summary>
    public static string Text(AssistantTable table) =>
        table.Title + "\n" + string.Join('\t', table.Columns) + "\n" + string.Join('\n', table.Rows.Select(r => string.Join('\t', r)));

    /// <summary>
    /// Whether every number in <paramref name="answer"/> is in one of the tables (a cell, or a date or day count of a
    /// title): the check that keeps a model from stating a figure no tool gave it.
    /// </summary>
    public static bool QuotesOnly(string answer, IEnumerable<AssistantTable> tables)
    {
        var known = tables.SelectMany(t => t.Rows.SelectMany(r => r).Append(t.Title))
            .SelectMany(cell => Number().Matches(cell).Select(m => Normalized(m.Value)))
            .ToHashSet(StringComparer.Ordinal);
        return Number().Matches(answer).All(m => known.Contains(Normalized(m.Value)));
    }

    private static string Normalized(string number) => number.Replace(",", "", StringComparison.Ordinal);

    private static AITool Declare(string name, string description) =>
        AIFunctionFactory.CreateDeclaration(name, description, JsonDocument.Parse(PeriodSchema).RootElement.Clone());

    [GeneratedRegex(@"\d[\d,]*(\.\d+)?")]
    private static partial Regex Number();
}
