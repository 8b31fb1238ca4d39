using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

/// <summary>One prospect talking to one workspace on one channel, with what the AI has made of them so far.</summary>
public class Conversation : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public ConversationChannel Channel { get; set; }
    public ConversationStatus Status { get; set; } = ConversationStatus.Active;

    /// <summary>The campaign the conversation is about: the first active one for the channel, then the one recommended.</summary>
    public Guid? CampaignId { get; set; }
    public Guid ContactId { get; set; }
    public Contact? Contact { get; set; }

    /// <summary>
    /// SHA-256 of the widget visitor's token (the token itself lives only in the visitor's browser). Null for
    /// portal conversations, which belong to a signed-in <see cref="UserId"/> instead.
    /// </summary>
    public string? VisitorTokenHash { get; set; }
    public Guid? UserId { get; set; }

    /// <summary>
    /// Portal chats with the house: the customer's own workspace when they started, where a job made from an
    /// accepted proposal belongs so that they see it on their jobs page.
    /// </summary>
    public Guid? CustomerWorkspaceId { get; set; }

    public HandoffReason? HandoffReason { get; set; }
    public Guid? AssignedUserId { get; set; }

    public int LeadScore { get; set; }
    public List<string> LeadScoreReasons { get; set; } = [];
    public Sentiment Sentiment { get; set; } = Sentiment.Neutral;

    /// <summary>Total captured for this conversation's AI replies, so the business sees what each lead cost.</summary>
    public long AiCostMillicredits { get; set; }
    public int MessageCount { get; set; }

    /// <summary>Set once, when the lead score first reaches the qualified threshold: the owner is mailed once.</summary>
    public DateTime? QualifiedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastMessageAt { get; set; }
    public DateTime? LastVisitorMessageAt { get; set; }

    /// <summary>When someone in the workspace last opened it: newer visitor messages make it unread.</summary>
    public DateTime? ReadAt { get; set; }

    /// <summary>
    /// Bumped by every message and every status change. Posting an AI reply saves against the version it read (on
    /// PostgreSQL it decides under the row's lock instead), so a takeover committed in between makes the post fail and be
    /// re-checked instead of slipping through.
    /// </summary>
    public int Version { get; set; }

    public bool IsUnread => LastVisitorMessageAt is { } last && (ReadAt is null || ReadAt < last);

    /// <summary>The AI stays silent while a human is asked for or has taken over.</summary>
    public bool AiLocked => AiLockedStatuses.Contains(Status);

    /// <summary>The statuses in which the AI stays silent: a person has been asked for, or has the conversation.</summary>
    public static readonly IReadOnlyList<ConversationStatus> AiLockedStatuses = [ConversationStatus.AwaitingHuman, ConversationStatus.Human];

    /// <summary>The same by stored name, for the PostgreSQL batches.</summary>
    internal static readonly string[] AiLockedStatusNames = [.. AiLockedStatuses.Select(s => s.ToString())];

    /// <summary>A closed conversation takes no more messages from its visitor.</summary>
    public static bool TakesVisitorMessages(ConversationStatus status) => status != ConversationStatus.Closed;

    /// <summary>The status after the visitor writes: a converted lead who writes again is talking to the AI again.</summary>
    public static ConversationStatus AfterVisitorMessage(ConversationStatus status) =>
        status == ConversationStatus.Converted ? ConversationStatus.Active : status;

    /// <summary>The status a handoff leaves: a person is asked for, so the AI stays silent (<see cref="AiLocked"/>).</summary>
    public const ConversationStatus HandedOff = ConversationStatus.AwaitingHuman;

    public void HandOff(HandoffReason reason) => (Status, HandoffReason) = (HandedOff, reason);

    /// <summary>
    /// Since when the lead counts as qualified: the time of the first assessment that qualifies it, kept after that, so the
    /// owner hears of it once.
    /// </summary>
    public static DateTime? QualifiedSince(DateTime? qualifiedAt, LeadAssessment lead, DateTime now) => qualifiedAt ?? (lead.Qualifies ? now : null);

    /// <summary>
    /// <see cref="TakesVisitorMessages"/> and <see cref="AfterVisitorMessage"/> by stored name, for the PostgreSQL batches:
    /// the statuses that refuse a visitor's message, and each status a message changes with the one it changes to.
    /// </summary>
    internal static readonly string[] RefusingVisitorStatusNames =
        [.. Enum.GetValues<ConversationStatus>().Where(s => !TakesVisitorMessages(s)).Select(s => s.ToString())];

    internal static readonly string[] ChangedByVisitorStatusNames =
        [.. Enum.GetValues<ConversationStatus>().Where(s => AfterVisitorMessage(s) != s).Select(s => s.ToString())];

    internal static readonly string[] ChangedByVisitorToStatusNames =
        [.. Enum.GetValues<ConversationStatus>().Where(s => AfterVisitorMessage(s) != s).Select(s => AfterVisitorMessage(s).ToString())];
}

public enum ConversationStatus { Active, AwaitingHuman, Human, Converted, Closed }

public enum Sentiment { Negative, Neutral, Positive }

/// <summary>The only reasons the AI may give for a handoff: a fixed list the inbox can filter and report on.</summary>
public enum HandoffReason { VisitorAsked, ComplexQuestion, Complaint, PricingNegotiation, AiUnavailable }
