using Streamline.Core.Channels;
using Streamline.Core.Channels.WhatsApp;
using Streamline.Web.Api;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Channels;

/// <summary>
/// <c>GET /webhooks/whatsapp</c>: Meta's subscribe handshake (the bare challenge for a known verify token, else 403).
/// <c>POST /webhooks/whatsapp</c>: anonymous (the signature is the authentication), no antiforgery, the raw bytes handed
/// on because the signature covers them exactly. 200 once stored (or already stored, or for a number no workspace has
/// connected, so Meta stops redelivering it), 401 for a bad signature, 400 for a body that is not a WhatsApp webhook.
/// </summary>
public static class WhatsAppWebhookEndpoint
{
    public const string Path = "/webhooks/whatsapp";

    public static IEndpointRouteBuilder MapWhatsAppWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, VerifyAsync).AllowAnonymous().RequireRateLimiting(RateLimits.WebhookPolicy);
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.WebhookPolicy);
        return app;
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, WhatsAppWebhookReceiver receiver, CancellationToken ct)
    {
        var q = request.Query;
        var challenge = q["hub.challenge"].ToString();
        if (challenge.Length is 0 or > 200 || !await receiver.VerifyAsync(q["hub.mode"], q["hub.verify_token"], ct))
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        return Results.Text(challenge, "text/plain");
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, WhatsAppWebhookReceiver receiver, CancellationToken ct)
    {
        var body = await ChannelWebhookBody.ReadAsync(request, ct);
        if (body is null) return ChannelWebhookBody.TooLarge();

        var result = await receiver.ReceiveAsync(body, request.Headers[MetaSignature.Header].ToString(), ct);
        return result.Outcome switch
        {
            WhatsAppWebhookOutcome.Accepted => Results.Ok(new
            {
                received = true, stored = result.Ingested!.Stored, duplicates = result.Ingested.Duplicates, statuses = result.Ingested.Statuses,
            }),
            WhatsAppWebhookOutcome.Ignored => Results.Ok(new { received = true, ignored = true }),
            WhatsAppWebhookOutcome.BadSignature => Problems.Problem(StatusCodes.Status401Unauthorized, "webhook-signature", "Signature refused",
                "The X-Hub-Signature-256 header is missing or does not match the body."),
            _ => Problems.Problem(StatusCodes.Status400BadRequest, "webhook-malformed", "Not a WhatsApp webhook",
                "A whatsapp_business_account JSON body naming a phone number id is required."),
        };
    }
}
