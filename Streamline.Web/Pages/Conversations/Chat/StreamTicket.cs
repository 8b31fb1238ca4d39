using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Streamline.Core.Conversations;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>
/// Lets the browser open a reply's stream. EventSource cannot send the visitor's token header, so the post that stores
/// the message hands back this short-lived, signed and encrypted ticket naming the conversation, the message and whose
/// the conversation is (a workspace's widget, or a portal customer); the stream checks it instead, with no database
/// read on the way to the first word. It is only ever given to whoever just proved they own the conversation, and a
/// conversation never changes hands (workspace, channel and customer are fixed when it starts).
/// </summary>
public sealed class StreamTicket(IDataProtectionProvider protection)
{
    internal const string Purpose = "Streamline.Chat.StreamTicket.v2";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Issue(ChatTarget target, Guid messageId) => _protector.Protect(Payload(target, messageId), Lifetime);

    /// <summary>What a ticket says, before it is protected.</summary>
    internal static string Payload(ChatTarget target, Guid messageId) =>
        $"{target.ConversationId:N}.{messageId:N}.{Holder(target.Channel, target.HolderId)}";

    /// <summary>The conversation of a widget ticket, when it is genuine, unexpired, for this very message and this workspace's widget.</summary>
    public Guid? WidgetConversation(Guid workspaceId, Guid messageId, string? ticket) =>
        ConversationFor(messageId, ticket, Holder(ConversationChannel.Widget, workspaceId));

    /// <summary>The same for a portal ticket of this customer.</summary>
    public Guid? PortalConversation(Guid userId, Guid messageId, string? ticket) =>
        ConversationFor(messageId, ticket, Holder(ConversationChannel.Portal, userId));

    private static string Holder(ConversationChannel channel, Guid? id) => $"{channel}:{id:N}";

    private Guid? ConversationFor(Guid messageId, string? ticket, string holder)
    {
        if (string.IsNullOrEmpty(ticket)) return null;
        try
        {
            var parts = _protector.Unprotect(ticket).Split('.');
            return parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var conversation)
                && Guid.TryParseExact(parts[1], "N", out var message) && message == messageId && parts[2] == holder
                ? conversation
                : null;
        }
        catch (CryptographicException)
        {
            return null; // altered, expired, or made with another key ring
        }
    }
}
