using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Streamline.Core.Notifications;

/// <summary>What one unsubscribe link stops: one kind of mail, to one member, from one workspace.</summary>
public sealed record UnsubscribeTarget(Guid UserId, Guid WorkspaceId, NotificationKind Kind);

/// <summary>
/// The token in an unsubscribe link, signed and encrypted with Data Protection so it works without logging in yet
/// cannot be made for anyone else or another kind. It does not expire: a link in an old mail must still work.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Streamline.Notifications.Unsubscribe.v1");

    public string Create(UnsubscribeTarget target) =>
        _protector.Protect($"{target.UserId:N}.{target.WorkspaceId:N}.{target.Kind}");

    public UnsubscribeTarget? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('.');
        return parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var user) && Guid.TryParseExact(parts[1], "N", out var workspace)
               && Enum.TryParse<NotificationKind>(parts[2], out var kind) && Enum.IsDefined(kind)
            ? new UnsubscribeTarget(user, workspace, kind)
            : null;
    }
}
