using System.Security.Cryptography;

namespace Streamline.Core.Widget;

/// <summary>The widget's public key: "wk_" and 24 base32 characters (120 random bits), safe in HTML and URLs.</summary>
public static class WidgetKey
{
    public const string Prefix = "wk_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, 24);
}
