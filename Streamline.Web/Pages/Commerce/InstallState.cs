using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Streamline.Web.Pages.Commerce;

/// <summary>
/// The OAuth install's <c>state</c>: a random nonce sent to Shopify and kept, with the workspace and shop it is for, in a
/// Data Protection cookie that only this browser returns. SameSite=Lax, because Shopify's redirect back is a top-level GET.
/// </summary>
public sealed class InstallState(IDataProtectionProvider provider, TimeProvider clock)
{
    public const string CookieName = "streamline.shopify.install";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly IDataProtector _protector = provider.CreateProtector("Streamline.Commerce.InstallState.v1");

    public sealed record Started(Guid WorkspaceId, string Shop);

    public string Start(HttpContext http, Guid workspaceId, string shop)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issued = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        http.Response.Cookies.Append(CookieName, _protector.Protect($"{nonce}|{workspaceId}|{shop}|{issued}"), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = OAuthCallbackModel.Path, MaxAge = Lifetime,
        });
        return nonce;
    }

    /// <summary>What the install was started for, if <paramref name="state"/> is this browser's unexpired nonce; the cookie is used up either way.</summary>
    public Started? Finish(HttpContext http, string? state)
    {
        var cookie = http.Request.Cookies[CookieName];
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = OAuthCallbackModel.Path });
        if (cookie is null || string.IsNullOrEmpty(state)) return null;
        string[] parts;
        try
        {
            parts = _protector.Unprotect(cookie).Split('|');
        }
        catch (CryptographicException)
        {
            return null;
        }
        if (parts.Length != 4 || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(parts[0]), System.Text.Encoding.ASCII.GetBytes(state))
            || !Guid.TryParse(parts[1], out var workspaceId) || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var issued)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued) > Lifetime) return null;
        return new Started(workspaceId, parts[2]);
    }
}
