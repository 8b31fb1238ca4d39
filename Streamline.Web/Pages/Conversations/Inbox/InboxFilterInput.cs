using Microsoft.AspNetCore.Mvc.ModelBinding;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>The inbox filters as they arrive in the query string, shared by the inbox and the admin list.</summary>
public sealed record InboxFilterInput(string? Status, Guid? Campaign, int? Score, bool Unread, string? Channel = null)
{
    public static readonly IReadOnlyList<ConversationStatus> Statuses = Enum.GetValues<ConversationStatus>();
    public static readonly IReadOnlyList<ConversationChannel> Channels = Enum.GetValues<ConversationChannel>();

    public bool IsEmpty => string.IsNullOrEmpty(Status) && Campaign is null && Score is null && !Unread && string.IsNullOrEmpty(Channel);

    public ConversationChannel? ParsedChannel =>
        Enum.TryParse<ConversationChannel>(Channel, ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(Channel, out _) ? c : null;

    public ConversationStatus? ParsedStatus =>
        Enum.TryParse<ConversationStatus>(Status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(Status, out _) ? s : null;

    /// <summary>Adds a message per bad field to <paramref name="errors"/> under the query-string names; true when all is well.</summary>
    public bool Validate(ModelStateDictionary errors)
    {
        if (!string.IsNullOrEmpty(Status) && ParsedStatus is null) errors.AddModelError("status", "Choose a status from the list.");
        if (!string.IsNullOrEmpty(Channel) && ParsedChannel is null) errors.AddModelError("channel", "Choose a channel from the list.");
        if (Score is < 0 or > InboxFilter.MaxScore) errors.AddModelError("score", $"The lead score goes from 0 to {InboxFilter.MaxScore}.");
        return errors.IsValid;
    }

    public InboxFilter ToFilter() => new(ParsedStatus, Campaign, Score, Unread, ParsedChannel);

    public static string Value(ConversationStatus status) => status.ToString().ToLowerInvariant();

    public static string Value(ConversationChannel channel) => channel.ToString().ToLowerInvariant();

    /// <summary>The query string for links that keep these filters (empty ones left out).</summary>
    public string Query(int page = 1, Guid? workspace = null)
    {
        var parts = new List<string>();
        if (ParsedStatus is { } status) parts.Add($"status={Value(status)}");
        if (ParsedChannel is { } channel) parts.Add($"channel={Value(channel)}");
        if (Campaign is { } campaign) parts.Add($"campaign={campaign}");
        if (Score is { } score) parts.Add($"score={score}");
        if (Unread) parts.Add("unread=true");
        if (workspace is { } w) parts.Add($"workspace={w}");
        if (page > 1) parts.Add($"p={page}");
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
