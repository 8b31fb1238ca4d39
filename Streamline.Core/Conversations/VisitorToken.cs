using System.Security.Cryptography;
using System.Text;

namespace Streamline.Core.Conversations;

/// <summary>
/// The widget visitor's identity: 32 random bytes kept in the visitor's browser (inside the iframe) and sent
/// as a header. Only its SHA-256 is stored, so a database read gives nobody a visitor's session.
/// </summary>
public static class VisitorToken
{
    public const string Header = "X-Visitor-Token";

    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Tokens we issue are 43 URL-safe characters; anything else is refused before a lookup.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
