using Streamline.Core.Conversations;

namespace Streamline.Web.Pages.Chat;

/// <summary>Where one chat surface's requests go: the widget under /chat/{key}, the portal under /talk.</summary>
public sealed record ChatLinks(string Base)
{
    public static ChatLinks Widget(string key) => new($"/chat/{key}");
    public static readonly ChatLinks Portal = new("/talk");

    public string Messages => $"{Base}/messages";
    public string Start => $"{Base}/start";
    public string Stream(Guid messageId, string ticket) => $"{Base}/stream/{messageId}?ticket={Uri.EscapeDataString(ticket)}";

    /// <summary>One address for every reader (visitor, portal customer, workspace member): the handler decides who may.</summary>
    public static string Attachment(Guid messageId, Guid attachmentId) => $"/chat/files/{messageId}/{attachmentId}";
}

/// <summary>
/// The chat panel: <see cref="WidgetKey"/> is set inside the widget's iframe (where the visitor's token lives), null on
/// the portal; <see cref="OfflineNotice"/> is the business-hours message while closed.
/// </summary>
public sealed record ChatShell(ChatLinks Links, string Title, string Greeting, string? OfflineNotice, string? WidgetKey, string? BrandColor)
{
    public bool InWidget => WidgetKey is not null;
}

/// <summary>The visitor's message as stored and, when the AI is to answer it, the bubble its answer streams into.</summary>
public sealed record SentMessage(ChatMessage Message, PendingReply? Pending);

public sealed record PendingReply(Guid MessageId, string StreamUrl);
