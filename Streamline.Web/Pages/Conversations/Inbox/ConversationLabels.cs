using Streamline.Core.Conversations;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>How the inbox names a conversation's states for people.</summary>
public static class ConversationLabels
{
    public static string Label(this ConversationStatus status) => status switch
    {
        ConversationStatus.Active => "AI answering",
        ConversationStatus.AwaitingHuman => "Waiting for you",
        ConversationStatus.Human => "Taken over",
        ConversationStatus.Converted => "Converted",
        ConversationStatus.Closed => "Closed",
        _ => status.ToString(),
    };

    public static string BadgeClass(this ConversationStatus status) => status switch
    {
        ConversationStatus.Active => "text-bg-primary",
        ConversationStatus.AwaitingHuman => "text-bg-warning",
        ConversationStatus.Human => "text-bg-info",
        ConversationStatus.Converted => "text-bg-success",
        _ => "text-bg-secondary",
    };

    /// <summary>Each channel's colour, so the inbox shows at a glance where a conversation happens.</summary>
    public static string BadgeClass(this ConversationChannel channel) => channel switch
    {
        ConversationChannel.WhatsApp => "text-bg-success",
        ConversationChannel.Telegram => "text-bg-info",
        ConversationChannel.Messenger => "text-bg-primary",
        ConversationChannel.Instagram => "text-bg-danger",
        _ => "text-bg-light border",
    };

    public static string Label(this HandoffReason reason) => reason switch
    {
        HandoffReason.VisitorAsked => "The visitor asked for a person",
        HandoffReason.ComplexQuestion => "A question the AI could not answer",
        HandoffReason.Complaint => "A complaint",
        HandoffReason.PricingNegotiation => "Price negotiation",
        HandoffReason.AiUnavailable => "The AI was unavailable",
        _ => reason.ToString(),
    };

    public static string Label(this Sentiment sentiment) => sentiment switch
    {
        Sentiment.Positive => "Positive",
        Sentiment.Negative => "Negative",
        _ => "Neutral",
    };

    public static string BadgeClass(this Sentiment sentiment) => sentiment switch
    {
        Sentiment.Positive => "text-bg-success",
        Sentiment.Negative => "text-bg-danger",
        _ => "text-bg-secondary",
    };
}
