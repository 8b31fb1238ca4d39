using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Streamline.Core.Channels.Telegram;

/// <summary>
/// The <c>secret_token</c> given to <c>setWebhook</c>, which Telegram echoes in <see cref="Header"/> on every delivery:
/// Telegram signs no body, so this header is the only proof a delivery came from Telegram.
/// </summary>
public static class TelegramWebhookSecret
{
    public const string Header = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>256 random bits as base64url: 43 characters, all within Telegram's allowed <c>A-Za-z0-9_-</c>.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Constant-time, so a wrong guess tells nothing about how much of it was right.</summary>
    public static bool Matches(string? received, string? expected)
    {
        if (string.IsNullOrEmpty(received) || string.IsNullOrEmpty(expected)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(received), Encoding.UTF8.GetBytes(expected));
    }
}
