using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Analytics;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Sales.Understanding;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Assistant;

/// <summary>Whole UTC days an answer is about, with the words that name them.</summary>
public sealed record AssistantPeriod(string Label, DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The same number of days just before.</summary>
    public AssistantPeriod Previous => new("the period before", From.AddDays(-Days), From.AddDays(-1));
}

/// <summary>A table that is a series: one bar per row, labelled by one column, sized by the others' cells.</summary>
public sealed record AssistantChart(string LabelColumn, IReadOnlyList<string> ValueColumns, bool Horizontal = false);

/// <summary>What a tool found, as the table shown with the answer; every number in an answer is one of its cells.</summary>
public sealed record AssistantTable(string Tool, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    AssistantChart? Chart = null)
{
    public string Cell(int row, string column) => Rows[row][Columns.ToList().IndexOf(column)];
}

/// <summary>
/// The tools Leo answers with: each runs the analytics measures (<see cref="AnalyticsQuery"/>, so the current workspace only)
/// and returns a table whose cells are already formatted, so an answer quotes them and never computes its own figures.
/// </summary>
public sealed class AssistantTools(AnalyticsQuery analytics, StreamlineDbContext db, TermAnalyzer terms)
{
    public const string LeadsByCampaign = "leads_by_campaign";
    public const string ChannelConversion = "channel_conversion";
    public const string ComparePeriods = "compare_periods";
    public const string Totals = "totals";
    public const string UnansweredQuestions = "unanswered_questions";

    /// <summary>The most different questions an unanswered-questions table lists, and the most recent ones it reads.</summary>
    public const int MaxUnansweredRows = 10;
    public const int MaxUnansweredRead = 5_000;
    private const int MaxQuestionShown = 120;

    public DateOnly Today => analytics.Today;

    public async Task<AssistantTable> LeadsByCampaignAsync(AssistantPeriod period, CancellationToken ct = default)
    {
        var names = await db.Campaigns.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var rows = (await analytics.ForPeriodAsync(period.From, period.To, AnalyticsGroupBy.Campaign, ct: ct))
            .Select(r => (Name: r.CampaignId is { } id ? names.GetValueOrDefault(id, "Deleted campaign") : AnalyticsReports.NoCampaign, r.Measures))
            .OrderByDescending(r => r.Measures.Leads).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => (IReadOnlyList<string>)[r.Name, Count(r.Measures.Leads), Count(r.Measures.QualifiedLeads), Count(r.Measures.Conversations)])
            .ToList();
        return new(LeadsByCampaign, $"Leads by campaign, {period.Label}", ["Campaign", "Leads", "Qualified", "Conversations"], rows,
            new AssistantChart("Campaign", ["Leads", "Qualified"]));
    }

    public async Task<AssistantTable> ChannelConversionAsync(AssistantPeriod period, CancellationToken ct = default)
    {
        var rows = (await analytics.ForPeriodAsync(period.From, period.To, AnalyticsGroupBy.Channel, ct: ct))
            .OrderByDescending(r => r.Measures.ConversionRate ?? -1).ThenByDescending(r => r.Measures.Conversations)
            .Select(r => (IReadOnlyList<string>)[r.Channel!.Value.ToString(), Count(r.Measures.Conversations), Count(r.Measures.Won), Percent(r.Measures.ConversionRate)])
            .ToList();
        return new(ChannelConversion, $"Conversion by channel, {period.Label}", ["Channel", "Conversations", "Won", "Conversion"], rows,
            new AssistantChart("Channel", ["Conversations", "Won"]));
    }

    /// <summary>
    /// What visitors asked that the AI sales rep said it could not answer (its reply holds
    /// <see cref="Phrases.DontKnowSentences"/>), asked in the period, most asked first. Questions count as the same when
    /// they have the same words once stop words and endings are taken off ("Do you ship to Canada?", "you ship to canada").
    /// </summary>
    public async Task<AssistantTable> UnansweredQuestionsAsync(AssistantPeriod period, CancellationToken ct = default)
    {
        var from = period.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // A reply comes after its question, so the replies read start where the period does (the workspace's CreatedAt index).
        var asked = await db.ChatMessages.AsNoTracking().Where(reply => reply.CreatedAt >= from).Where(SaidItDidNotKnow())
            .Join(db.ChatMessages.AsNoTracking().Where(v => v.Sender == MessageSender.Visitor && v.CreatedAt >= from && v.CreatedAt < to),
                reply => reply.ReplyToId, visitor => (Guid?)visitor.Id, (_, visitor) => new { visitor.Text, visitor.CreatedAt })
            .OrderByDescending(q => q.CreatedAt).Take(MaxUnansweredRead).ToListAsync(ct);
        var rows = asked.GroupBy(q => SameQuestion(q.Text))
            .Select(g => (Wording: g.First().Text, Times: g.Count(), Last: g.First().CreatedAt))
            .OrderByDescending(g => g.Times).ThenByDescending(g => g.Last).Take(MaxUnansweredRows)
            .Select(g => (IReadOnlyList<string>)[Shown(g.Wording), Count(g.Times), g.Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)])
            .ToList();
        return new(UnansweredQuestions, $"Questions the assistant could not answer, {period.Label}", ["Question", "Times asked", "Last asked"], rows,
            new AssistantChart("Question", ["Times asked"], Horizontal: true));
    }

    private static Expression<Func<ChatMessage, bool>> SaidItDidNotKnow()
    {
        var message = Expression.Parameter(typeof(ChatMessage), "m");
        var text = Expression.Property(message, nameof(ChatMessage.Text));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression saidIt = Phrases.DontKnowSentences
            .Select(sentence => (Expression)Expression.Call(text, contains, Expression.Constant(sentence)))
            .Aggregate(Expression.OrElse);
        var fromAi = Expression.Equal(Expression.Property(message, nameof(ChatMessage.Sender)), Expression.Constant(MessageSender.Ai));
        return Expression.Lambda<Func<ChatMessage, bool>>(Expression.AndAlso(fromAi, saidIt), message);
    }

    private string SameQuestion(string text)
    {
        var words = terms.Terms(text).Distinct().Order(StringComparer.Ordinal).ToList();
        return words.Count > 0 ? string.Join(' ', words) : text.Trim().ToLowerInvariant();
    }

    private static string Shown(string question)
    {
        var line = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= MaxQuestionShown ? line : line[..(MaxQuestionShown - 1)] + "…";
    }

    public async Task<AssistantTable> TotalsAsync(AssistantPeriod period, CancellationToken ct = default)
    {
        var totals = await analytics.TotalsAsync(period.From, period.To, ct: ct);
        return new(Totals, $"Totals, {period.Label}", ["Measure", "Value"],
            [.. Figures(totals).Select(f => (IReadOnlyList<string>)[f.Name, f.Value])]);
    }

    public async Task<AssistantTable> CompareAsync(AssistantPeriod period, CancellationToken ct = default)
    {
        var previous = AssistantIntents.PreviousOf(period);
        var now = Figures(await analytics.TotalsAsync(period.From, period.To, ct: ct));
        var before = Figures(await analytics.TotalsAsync(previous.From, previous.To, ct: ct));
        var rows = now.Zip(before, (n, b) => (IReadOnlyList<string>)[n.Name, n.Value, b.Value, Change(n.Raw, b.Raw)]).ToList();
        return new(ComparePeriods, $"{Capitalized(period.Label)} ({period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}) against {previous.From:yyyy-MM-dd} to {previous.To:yyyy-MM-dd}",
            ["Measure", "This period", "Previous", "Change"], rows);
    }

    public const string ConversationsMeasure = "Conversations";
    public const string LeadsMeasure = "Leads";
    public const string QualifiedMeasure = "Qualified leads";
    public const string WonMeasure = "Won";
    public const string RevenueMeasure = "Revenue";
    public const string VisitorMessagesMeasure = "Visitor messages";
    public const string HandoffsMeasure = "Handoffs";
    public const string ResponseRateMeasure = "Response rate";

    private static List<(string Name, string Value, double? Raw)> Figures(Measures m) =>
    [
        (ConversationsMeasure, Count(m.Conversations), m.Conversations),
        (LeadsMeasure, Count(m.Leads), m.Leads),
        (QualifiedMeasure, Count(m.QualifiedLeads), m.QualifiedLeads),
        (WonMeasure, Count(m.Won), m.Won),
        (RevenueMeasure, Money(m.RevenueCents), m.RevenueCents),
        (VisitorMessagesMeasure, Count(m.VisitorMessages), m.VisitorMessages),
        (HandoffsMeasure, Count(m.Handoffs), m.Handoffs),
        (ResponseRateMeasure, Percent(m.ResponseRate), null),
    ];

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(long cents) => (cents / 100m).ToString("$#,##0.00", CultureInfo.InvariantCulture);

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Change(double? now, double? before) => (now, before) switch
    {
        (null, _) or (_, null) => "–",
        var (n, b) when n == b => "no change",
        var (n, b) when b == 0 => "new",
        var (n, b) => ((n!.Value - b!.Value) / b.Value * 100).ToString("+0;-0", CultureInfo.InvariantCulture) + "%",
    };

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
