using Microsoft.AspNetCore.Mvc;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Channels.Telegram;
using Streamline.Core.Conversations;
using Streamline.Web.Api;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Channels;

/// <summary>
/// <c>POST /webhooks/telegram/{channelId}</c>: the URL the app gave <c>setWebhook</c> names the channel, and the secret
/// header Telegram echoes proves the sender (Telegram signs no body). 404 for no such connected bot, 401 for a missing
/// or wrong secret (nothing read further), 400 for a body that is not an Update, else 200 once the update is stored.
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string Path = "/webhooks/telegram/{channelId:guid}";

    public static string PathFor(Guid channelId) => $"/webhooks/telegram/{channelId}";

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.WebhookPolicy);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(Guid channelId, HttpRequest request, ChannelDirectory directory, ChannelSecrets secrets,
        [FromServices] IChannelIngest ingest, ChannelHealth health, CancellationToken ct)
    {
        var channel = await directory.FindAsync(channelId, ct);
        if (channel is not { Channel: ConversationChannel.Telegram })
            return Problems.Problem(StatusCodes.Status404NotFound, "channel-not-found", "No connected Telegram bot here");
        if (!TelegramWebhookSecret.Matches(request.Headers[TelegramWebhookSecret.Header].ToString(), secrets.Unprotect(channel).WebhookSecret))
        {
            await health.RecordSignatureFailureAsync(channel, ct);
            return Problems.Problem(StatusCodes.Status401Unauthorized, "webhook-secret", "Secret token refused",
                $"The {TelegramWebhookSecret.Header} header is missing or wrong.");
        }

        var body = await ChannelWebhookBody.ReadAsync(request, ct);
        if (body is null) return ChannelWebhookBody.TooLarge();
        if (TelegramUpdateParser.Parse(body, channel.RouteKey) is not { IdsFit: true } batch)
            return Problems.Problem(StatusCodes.Status400BadRequest, "webhook-malformed", "Not a Telegram update",
                "A JSON Update with an update_id is expected.");

        var result = await ingest.AcceptAsync(channel, batch, ct);
        await health.RecordInboundAsync(channel, ct);
        return Results.Ok(new { received = true, stored = result.Stored, duplicates = result.Duplicates });
    }
}
