using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Streamline.Web.Pages.Chat;

/// <summary>
/// Lets the browser open a reply's stream. EventSource cannot send the visitor's token header, so the post that stores
/// the message hands back this short-lived, signed and encrypted ticket naming the conversation and the message; the
/// stream checks it instead. It is only ever given to whoever just proved they own the conversation.
/// </summary>
public sealed class StreamTicket(IDataProtectionProvider protection)
{
    internal const string Purpose = "Streamline.Chat.StreamTicket.v1";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Issue(Guid conversationId, Guid messageId) => _protector.Protect($"{conversationId:N}.{messageId:N}", Lifetime);

    /// <summary>The conversation of the ticket, when it is genuine, unexpired and for this very message; else null.</summary>
    public Guid? ConversationFor(Guid messageId, string? ticket)
    {
        if (string.IsNullOrEmpty(ticket)) return null;
        try
        {
            var parts = _protector.Unprotect(ticket).Split('.');
            return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var conversation)
                && Guid.TryParseExact(parts[1], "N", out var message) && message == messageId
                ? conversation
                : null;
        }
        catch (CryptographicException)
        {
            return null; // altered, expired, or made with another key ring
        }
    }
}
