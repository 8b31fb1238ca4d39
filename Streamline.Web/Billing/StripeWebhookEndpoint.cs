using System.Text;
using Streamline.Core.Billing;
using Streamline.Web.Api;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Billing;

/// <summary>
/// <c>POST /webhooks/stripe</c>: anonymous (Stripe's signature is the authentication), no antiforgery,
/// raw body handed on unparsed because the signature covers its exact bytes. Answers 200 once the
/// event is stored, 400 problem+json for a bad signature or body, so Stripe stops retrying garbage.
/// </summary>
public static class StripeWebhookEndpoint
{
    public const string Path = "/webhooks/stripe";

    /// <summary>Stripe's events are a few KB; anything far bigger is not one.</summary>
    private const int MaxBodyBytes = 512 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.WebhookPolicy);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, StripeWebhookReceiver receiver, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "webhook-too-large", "The body is too large for a Stripe event.");

        var body = await ReadBoundedAsync(request.Body, ct);
        if (body is null)
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "webhook-too-large", "The body is too large for a Stripe event.");

        var receipt = await receiver.ReceiveAsync(body, request.Headers["Stripe-Signature"].ToString(), ct);
        return receipt.Outcome switch
        {
            WebhookOutcome.Accepted or WebhookOutcome.Duplicate =>
                Results.Ok(new { received = true, id = receipt.EventId, duplicate = receipt.Outcome == WebhookOutcome.Duplicate }),
            WebhookOutcome.BadSignature => Problems.Problem(StatusCodes.Status400BadRequest, "webhook-signature", "Signature refused", receipt.Problem),
            _ => Problems.Problem(StatusCodes.Status400BadRequest, "webhook-malformed", "Not a Stripe event", receipt.Problem),
        };
    }

    private static async Task<string?> ReadBoundedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
