namespace Streamline.Web.Channels;

/// <summary>Reads a channel webhook's raw bytes (signatures cover them exactly), refusing more than a provider ever sends.</summary>
public static class ChannelWebhookBody
{
    /// <summary>Meta's payloads are at most 3 MB; Telegram's updates are far smaller.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    /// <summary>The body, or null when it is over <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static IResult TooLarge() =>
        Api.Problems.Problem(StatusCodes.Status413PayloadTooLarge, "webhook-too-large", "The body is too large for a webhook.");
}
