using System.Text.RegularExpressions;

namespace Streamline.Core.Assistant;

public enum AssistantIntent { Unknown, LeadsByCampaign, ChannelConversion, ComparePeriods, Totals, UnansweredQuestions }

/// <summary>
/// Offline, a question is mapped to one tool and one period by its words: deterministic, so the same question always gets
/// the same tool. Periods are whole UTC days; weeks start on Monday.
/// </summary>
public static partial class AssistantIntents
{
    public const int DefaultDays = 30;

    public static AssistantIntent Intent(string question)
    {
        var q = question.ToLowerInvariant().Replace('’', '\'');
        if (Has(q, "unanswered", "don't answer", "dont answer", "do not answer", "didn't answer", "did not answer", "can't answer",
                "cannot answer", "couldn't answer", "could not answer", "not answer", "not answered", "ask most", "asked most", "most asked",
                "ask the most", "asked the most", "knowledge gap", "knowledge gaps"))
            return AssistantIntent.UnansweredQuestions;
        if (Has(q, "compare", "compared", "versus", "vs", "previous")) return AssistantIntent.ComparePeriods;
        if (Has(q, "channel", "channels")) return AssistantIntent.ChannelConversion;
        if (Has(q, "campaign", "campaigns")) return AssistantIntent.LeadsByCampaign;
        if (Has(q, "how many", "how much", "total", "totals", "conversations", "leads", "revenue", "messages", "handoffs", "won", "sales"))
            return AssistantIntent.Totals;
        return AssistantIntent.Unknown;
    }

    /// <summary>The measure a totals question names (see <see cref="AssistantTools"/>), null for a summary.</summary>
    public static string? Measure(string question)
    {
        var q = question.ToLowerInvariant();
        if (Has(q, "qualified")) return AssistantTools.QualifiedMeasure;
        if (Has(q, "lead", "leads")) return AssistantTools.LeadsMeasure;
        if (Has(q, "revenue", "sales", "money", "earn", "earned")) return AssistantTools.RevenueMeasure;
        if (Has(q, "won", "win", "wins", "deals")) return AssistantTools.WonMeasure;
        if (Has(q, "message", "messages")) return AssistantTools.VisitorMessagesMeasure;
        if (Has(q, "handoff", "handoffs", "handed")) return AssistantTools.HandoffsMeasure;
        if (Has(q, "response rate")) return AssistantTools.ResponseRateMeasure;
        if (Has(q, "conversation", "conversations", "chats")) return AssistantTools.ConversationsMeasure;
        return null;
    }

    public static AssistantPeriod Period(string question, DateOnly today)
    {
        var q = question.ToLowerInvariant();
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        if (Has(q, "today")) return new("today", today, today);
        if (Has(q, "yesterday")) return new("yesterday", today.AddDays(-1), today.AddDays(-1));
        if (Has(q, "this week")) return new("this week", monday, today);
        if (Has(q, "last week")) return new("last week", monday.AddDays(-7), monday.AddDays(-1));
        if (Has(q, "this month")) return new("this month", firstOfMonth, today);
        if (Has(q, "last month")) return new("last month", firstOfMonth.AddMonths(-1), firstOfMonth.AddDays(-1));
        if (LastDays().Match(q) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var days) && days is >= 1 and <= 366)
            return new($"in the last {days} days", today.AddDays(1 - days), today);
        return new($"in the last {DefaultDays} days", today.AddDays(1 - DefaultDays), today);
    }

    /// <summary>What "the period before" means: last month's same days for a month to date, otherwise the days just before.</summary>
    public static AssistantPeriod PreviousOf(AssistantPeriod period)
    {
        if (period.Label == "this month")
        {
            var from = period.From.AddMonths(-1);
            return new("last month", from, from.AddDays(Math.Min(period.Days, DateTime.DaysInMonth(from.Year, from.Month)) - 1));
        }
        return period.Previous;
    }

    private static bool Has(string q, params string[] words) =>
        words.Any(w => Regex.IsMatch(q, $@"(?<![a-z]){Regex.Escape(w)}(?![a-z])"));

    [GeneratedRegex(@"last (\d{1,3}) days")]
    private static partial Regex LastDays();
}
