namespace Streamline.Core.Analytics;

/// <summary>
/// Every number the analytics show, each with one definition (see <see cref="DailyStatsCalculator"/> for how they are
/// counted). Conversation measures (leads, proposals, revenue…) belong to the hour, campaign and channel a conversation
/// started on, so a funnel adds up; message measures belong to the hour the message was written.
/// </summary>
public sealed record Measures(
    int Conversations,
    int ConversationsEngaged,
    int ConversationsAnswered,
    int VisitorMessages,
    int AiReplies,
    int HumanReplies,
    int Handoffs,
    int Leads,
    int QualifiedLeads,
    int ProposalsSent,
    int ProposalsAccepted,
    long ProposalRevenueCents,
    int JobsCreated,
    int Orders,
    long OrderRevenueCents,
    long AiCostMillicredits,
    FirstResponseTimes FirstResponse)
{
    public static readonly Measures Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, FirstResponseTimes.None);

    /// <summary>Of the conversations where the visitor wrote something, the share that got an answer (AI or human).</summary>
    public double? ResponseRate => ConversationsEngaged == 0 ? null : (double)ConversationsAnswered / ConversationsEngaged;

    /// <summary>Accepted proposals and attributed orders.</summary>
    public int Won => ProposalsAccepted + Orders;

    public long RevenueCents => ProposalRevenueCents + OrderRevenueCents;

    /// <summary>Of the conversations started, the share that was won.</summary>
    public double? ConversionRate => Conversations == 0 ? null : (double)Won / Conversations;

    public static Measures operator +(Measures a, Measures b) => new(
        a.Conversations + b.Conversations, a.ConversationsEngaged + b.ConversationsEngaged, a.ConversationsAnswered + b.ConversationsAnswered,
        a.VisitorMessages + b.VisitorMessages, a.AiReplies + b.AiReplies, a.HumanReplies + b.HumanReplies, a.Handoffs + b.Handoffs,
        a.Leads + b.Leads, a.QualifiedLeads + b.QualifiedLeads, a.ProposalsSent + b.ProposalsSent, a.ProposalsAccepted + b.ProposalsAccepted,
        a.ProposalRevenueCents + b.ProposalRevenueCents, a.JobsCreated + b.JobsCreated, a.Orders + b.Orders,
        a.OrderRevenueCents + b.OrderRevenueCents, a.AiCostMillicredits + b.AiCostMillicredits, a.FirstResponse + b.FirstResponse);

    public static Measures Sum(IEnumerable<Measures> all) => all.Aggregate(Zero, (a, b) => a + b);
}

/// <summary>
/// How long visitors waited for the first answer in a conversation, counted into fixed buckets: buckets add up across
/// hours, days and campaigns, so a percentile of any period is read from stored rows without the raw times.
/// </summary>
public sealed record FirstResponseTimes(int Within10s, int Within30s, int Within1m, int Within5m, int Within15m, int Within1h, int Within1d, int Later)
{
    public static readonly FirstResponseTimes None = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The upper bound of each bucket; the last one has none.</summary>
    public static readonly TimeSpan[] Bounds =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromDays(1),
    ];

    public int[] Counts => [Within10s, Within30s, Within1m, Within5m, Within15m, Within1h, Within1d, Later];

    public int Total => Counts.Sum();

    public static int BucketOf(TimeSpan wait)
    {
        for (var i = 0; i < Bounds.Length; i++)
            if (wait <= Bounds[i]) return i;
        return Bounds.Length;
    }

    public static FirstResponseTimes From(IReadOnlyList<int> c) => new(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);

    /// <summary>
    /// The bucket bound within which <paramref name="percent"/>% of first answers came ("p90 ≤ 1 min"); null with no
    /// answers, <see cref="TimeSpan.MaxValue"/> when it falls in the open-ended last bucket.
    /// </summary>
    public TimeSpan? Percentile(int percent)
    {
        var total = Total;
        if (total == 0) return null;
        var needed = (long)Math.Ceiling(total * percent / 100.0);
        var seen = 0L;
        var counts = Counts;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= needed) return i < Bounds.Length ? Bounds[i] : TimeSpan.MaxValue;
        }
        return TimeSpan.MaxValue;
    }

    public static string Describe(TimeSpan? bound) => bound switch
    {
        null => "–",
        { } b when b == TimeSpan.MaxValue => "over 1 day",
        { TotalSeconds: < 60 } b => $"≤ {b.TotalSeconds:0} s",
        { TotalMinutes: < 60 } b => $"≤ {b.TotalMinutes:0} min",
        { TotalHours: < 24 } b => $"≤ {b.TotalHours:0} h",
        { } b => $"≤ {b.TotalDays:0} day",
    };

    public static FirstResponseTimes operator +(FirstResponseTimes a, FirstResponseTimes b) => new(
        a.Within10s + b.Within10s, a.Within30s + b.Within30s, a.Within1m + b.Within1m, a.Within5m + b.Within5m,
        a.Within15m + b.Within15m, a.Within1h + b.Within1h, a.Within1d + b.Within1d, a.Later + b.Later);
}
