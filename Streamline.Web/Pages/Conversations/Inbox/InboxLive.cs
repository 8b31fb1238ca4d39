using Microsoft.Net.Http.Headers;
using Streamline.Core.Conversations.Inbox;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>A poller element: <paramref name="Id"/> in the page, polling <paramref name="Url"/> with the stamp it has.</summary>
public sealed record InboxLive(string Id, string Url, string Stamp)
{
    public const string ListEvent = "inbox-changed";
    public const string ConversationEvent = "conversation-changed";

    /// <summary>Only the status or the holder changed the buttons and the reply form: they refresh (and lose typing) only then.</summary>
    public const string HoldEvent = "conversation-hold-changed";

    /// <summary>"version-status-holder": the part after the version says who may do what.</summary>
    public static string Of(ConversationStamp stamp) =>
        $"{stamp.Version}-{stamp.Status}-{stamp.AssignedUserId?.ToString("N") ?? "none"}";

    public static string ETag(string stamp) => new EntityTagHeaderValue($"\"{stamp}\"").ToString();

    public static string HoldPart(string etag) => etag.IndexOf('-') is var dash and >= 0 ? etag[(dash + 1)..] : "";
}
