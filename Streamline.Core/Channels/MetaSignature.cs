using System.Security.Cryptography;
using System.Text;

namespace Streamline.Core.Channels;

/// <summary>
/// Meta's webhook signature (WhatsApp, Messenger, Instagram): <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, the
/// HMAC-SHA256 of the raw body keyed with the app secret. Computed over the bytes as received: Meta signs its escaped
/// form (<c>\u00e4</c>, <c>\/</c>), which re-serialised JSON would not reproduce.
/// </summary>
public static class MetaSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static bool IsValid(ReadOnlySpan<byte> body, string? header, string appSecret)
    {
        if (string.IsNullOrEmpty(appSecret) || header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        Span<byte> claimed = stackalloc byte[32];
        if (!TryFromHex(header.AsSpan(Prefix.Length), claimed)) return false;
        Span<byte> actual = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, actual);
        return CryptographicOperations.FixedTimeEquals(claimed, actual);
    }

    /// <summary>The header value for <paramref name="body"/>: what the sandbox phone and the tests sign with.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string appSecret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    private static bool TryFromHex(ReadOnlySpan<char> hex, Span<byte> bytes)
    {
        if (hex.Length != bytes.Length * 2) return false;
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length;
    }
}
