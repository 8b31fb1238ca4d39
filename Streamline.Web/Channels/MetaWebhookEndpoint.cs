using Microsoft.AspNetCore.Mvc;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Channels.Meta;
using Streamline.Core.Conversations;
using Streamline.Web.Api;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Channels;

/// <summary>
/// <c>GET|POST /webhooks/meta</c> for Messenger and Instagram, which one Meta app shares. The handshake echoes
/// <c>hub.challenge</c> when the verify token is a connected channel's. A delivery is read only as far as its
/// <c>entry[].id</c>s to find the channels (and so the app secret), its <c>X-Hub-Signature-256</c> checked against every
/// channel it names, and only then are its events (parsed in the same pass) stored. Accounts no channel is connected
/// for are acknowledged and ignored, so Meta stops redelivering them.
/// </summary>
public static class MetaWebhookEndpoint
{
    public const string Path = "/webhooks/meta";

    private static readonly ConversationChannel[] Channels = [ConversationChannel.Messenger, ConversationChannel.Instagram];

    public static IEndpointRouteBuilder MapMetaWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, VerifyAsync).AllowAnonymous().RequireRateLimiting(RateLimits.WebhookPolicy);
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.WebhookPolicy);
        return app;
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, ChannelDirectory directory, CancellationToken ct)
    {
        var query = request.Query;
        var token = query["hub.verify_token"].ToString();
        var challenge = query["hub.challenge"].ToString();
        if (query["hub.mode"] == "subscribe" && token.Length > 0 && challenge.Length > 0
            && await directory.VerifyTokenExistsAsync(Channels, token, ct))
            return Results.Text(challenge, "text/plain");
        return Problems.Problem(StatusCodes.Status403Forbidden, "webhook-verify-token", "Verify token refused",
            "hub.mode=subscribe with the verify token of a connected Messenger or Instagram channel is expected.");
    }

    /// <summary>Also bench/channels.sh's "unstored" floor, with an ingest that stores nothing (<see cref="Bench.BenchChannels"/>).</summary>
    internal static async Task<IResult> ReceiveAsync(HttpRequest request, ChannelDirectory directory, ChannelSecrets secrets,
        [FromServices] IChannelIngest ingest, ChannelHealth health, CancellationToken ct)
    {
        var body = await ChannelWebhookBody.ReadAsync(request, ct);
        if (body is null) return ChannelWebhookBody.TooLarge();
        if (MetaWebhookParser.ReadDelivery(body) is not { Route: var route } delivery) return Malformed();

        var channels = new List<MessagingChannel>();
        foreach (var account in route.AccountIds)
            if (await directory.FindByRouteAsync(route.Channel, account, ct) is { } channel) channels.Add(channel);
        if (channels.Count == 0) return Results.Ok(new { received = true, stored = 0, ignored = true });

        var signature = request.Headers[MetaSignature.Header].ToString();
        var unsigned = channels.Where(c => !MetaSignature.IsValid(body, signature, secrets.Unprotect(c).AppSecret ?? "")).ToList();
        foreach (var channel in unsigned) await health.RecordSignatureFailureAsync(channel, ct);
        if (unsigned.Count > 0)
            return Problems.Problem(StatusCodes.Status401Unauthorized, "webhook-signature", "Signature refused",
                $"The {MetaSignature.Header} header is missing or does not match the body.");

        if (delivery.Batch is not { IdsFit: true } batch) return Malformed();
        int stored = 0, duplicates = 0;
        foreach (var channel in channels)
        {
            var own = new ChannelWebhookBatch(
                [.. batch.Messages.Where(m => m.RouteKey == channel.RouteKey)], [.. batch.Statuses.Where(s => s.RouteKey == channel.RouteKey)]);
            if (own.Messages.Count == 0 && own.Statuses.Count == 0) continue;
            var result = await ingest.AcceptAsync(channel, own, ct);
            stored += result.Stored;
            duplicates += result.Duplicates;
        }
        foreach (var channel in channels) await health.RecordInboundAsync(channel, ct);
        return Results.Ok(new { received = true, stored, duplicates });
    }

    private static IResult Malformed() =>
        Problems.Problem(StatusCodes.Status400BadRequest, "webhook-malformed", "Not a Messenger or Instagram webhook",
            "A JSON body with object \"page\" or \"instagram\" and an entry array is expected.");
}
