namespace Streamline.Core.Notifications;

/// <summary>
/// The events a member can choose to be e-mailed about. Mail that is the account's or the money's own business
/// (confirmation, receipts, a failed payment, a renewal reminder) has no kind: it is always sent.
/// </summary>
public enum NotificationKind
{
    QualifiedLead,
    Handoff,
    JobUpdates,
    Comments,
    Disputes,
    LowBalance,
    Reports,
}

public static class NotificationKinds
{
    public static readonly IReadOnlyList<NotificationKind> All = Enum.GetValues<NotificationKind>();

    public static string Label(this NotificationKind kind) => kind switch
    {
        NotificationKind.QualifiedLead => "New qualified leads",
        NotificationKind.Handoff => "Visitors waiting for a person",
        NotificationKind.JobUpdates => "Job updates and change requests",
        NotificationKind.Comments => "Comments on jobs",
        NotificationKind.Disputes => "Credit disputes",
        NotificationKind.LowBalance => "Low balance and paused AI",
        NotificationKind.Reports => "Weekly and monthly reports",
        _ => kind.ToString(),
    };

    public static string Explanation(this NotificationKind kind) => kind switch
    {
        NotificationKind.QualifiedLead => "A conversation turns into a lead worth calling.",
        NotificationKind.Handoff => "The AI hands a conversation over to your team.",
        NotificationKind.JobUpdates => "A job changes status, or a change request is made or decided.",
        NotificationKind.Comments => "Someone comments on one of your jobs.",
        NotificationKind.Disputes => "A credit dispute is received, reviewed or decided.",
        NotificationKind.LowBalance => "Credits run low, the AI stops for want of credits, or the widget reaches its daily AI cap.",
        NotificationKind.Reports => "Your workspace's performance and usage, by e-mail.",
        _ => "",
    };
}
