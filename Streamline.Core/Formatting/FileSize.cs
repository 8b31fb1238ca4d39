using System.Globalization;

namespace Streamline.Core.Formatting;

/// <summary>
/// A file's size as people read it: "102 bytes", "1.5 KB", "2.3 MB" (binary units, one decimal when it has one).
/// Every page and message that shows a size uses this, so a small file is never "0 MB". The chat's script has
/// the same rules for files chosen but not yet sent (wwwroot-src/src/chat-core.js).
/// </summary>
public static class FileSize
{
    private const double Kilo = 1024;

    public static string Format(long bytes) => Math.Abs(bytes) switch
    {
        1 => "1 byte",
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => Scaled(bytes / Kilo, "KB"),
        < 1024L * 1024 * 1024 => Scaled(bytes / (Kilo * Kilo), "MB"),
        _ => Scaled(bytes / (Kilo * Kilo * Kilo), "GB"),
    };

    private static string Scaled(double value, string unit) => value.ToString("0.#", CultureInfo.InvariantCulture) + " " + unit;
}
