using System.Text.RegularExpressions;

namespace Streamline.Core.Conversations;

/// <summary>A lead score and the reasons for it, as the inbox shows them.</summary>
public sealed record LeadAssessment(int Score, IReadOnlyList<string> Reasons, Sentiment Sentiment)
{
    /// <summary>Whether this score makes the lead qualified: the one place that says so, on every database.</summary>
    public bool Qualifies => Score >= LeadScoring.Qualified;
}

/// <summary>
/// Scores a lead from what is known, not from a model's opinion: the same facts give the same score on every
/// provider and offline, and each point comes with a reason the owner can read. Sentiment is a small word
/// list over the visitor's recent messages, for the same reason.
/// </summary>
public static partial class LeadScoring
{
    /// <summary>At or above this the lead counts as qualified and the owners are mailed once.</summary>
    public const int Qualified = 60;

    /// <summary>
    /// <paramref name="recent"/> is the end of the conversation (its sentiment is read there); <paramref name="visitorMessages"/>
    /// counts everything the visitor has written in it.
    /// </summary>
    public static LeadAssessment Assess(Contact contact, IReadOnlyList<ChatMessage> recent, int visitorMessages, bool productRecommended, bool hasProposal)
    {
        var reasons = new List<string>();
        var score = 0;
        void Add(bool condition, int points, string reason)
        {
            if (!condition) return;
            score += points;
            reasons.Add($"+{points} {reason}");
        }

        var visitor = recent.Where(m => m.Sender == MessageSender.Visitor).ToList();
        Add(contact.Email is not null, 20, "gave an e-mail address");
        Add(contact.Phone is not null, 10, "gave a phone number");
        Add(contact.Name is not null, 5, "gave their name");
        Add(contact.Company is not null, 10, "named their company");
        Add(contact.TeamSize is not null, 5, "told us their team size");
        Add(contact.Budget is not null, 15, "shared a budget");
        Add(contact.PainPoints.Count > 0, 10, "described their needs");
        Add(visitorMessages >= 3, 10, "engaged (3 or more messages)");
        Add(productRecommended, 5, "was recommended a product");
        Add(hasProposal, 10, "received a proposal");
        var sentiment = SentimentOf(visitor.TakeLast(5).Select(m => m.Text));
        Add(sentiment == Sentiment.Positive, 5, "sounds positive");
        if (sentiment == Sentiment.Negative) { score -= 10; reasons.Add("−10 sounds unhappy"); }
        return new LeadAssessment(Math.Clamp(score, 0, 100), reasons, sentiment);
    }

    public static Sentiment SentimentOf(IEnumerable<string> texts)
    {
        var balance = 0;
        foreach (var text in texts)
        {
            balance += Positive().Matches(text).Count;
            balance -= Negative().Matches(text).Count;
        }
        return balance > 0 ? Sentiment.Positive : balance < 0 ? Sentiment.Negative : Sentiment.Neutral;
    }

    [GeneratedRegex(@"(?i)\b(thanks?|thank you|great|perfect|awesome|excellent|love|interested|sounds good|helpful|amazing|happy)\b")]
    private static partial Regex Positive();

    [GeneratedRegex(@"(?i)\b(bad|terrible|awful|angry|annoyed|frustrat\w*|disappoint\w*|useless|waste|scam|hate|complain\w*|refund|worst|expensive)\b")]
    private static partial Regex Negative();
}
