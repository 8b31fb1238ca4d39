using Streamline.Core.Commerce;
using Streamline.Web.Api;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Commerce;

/// <summary>
/// <c>POST /webhooks/shopify</c>: anonymous (the HMAC is the authentication), no antiforgery, the raw bytes handed on
/// unparsed because the HMAC covers them exactly. 200 once stored (or already stored), 401 for a bad HMAC as Shopify
/// requires, 400 for a body or headers that are not a webhook, 413 for a body far too big to be one.
/// </summary>
public static class ShopifyWebhookEndpoint
{
    public const string Path = "/webhooks/shopify";

    /// <summary>An order with hundreds of lines is a few hundred KB; beyond this it is not a webhook.</summary>
    private const int MaxBodyBytes = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapShopifyWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.WebhookPolicy);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, ShopifyWebhookReceiver receiver, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return TooLarge();
        var body = await ReadBoundedAsync(request.Body, ct);
        if (body is null) return TooLarge();

        var h = request.Headers;
        var outcome = await receiver.ReceiveAsync(body, new ShopifyWebhookHeaders(
            h["X-Shopify-Topic"].ToString(), h["X-Shopify-Shop-Domain"].ToString(), h["X-Shopify-Webhook-Id"].ToString(),
            h["X-Shopify-Hmac-Sha256"].ToString(), h["X-Shopify-Triggered-At"].ToString()), ct);
        return outcome switch
        {
            ShopifyWebhookOutcome.Accepted or ShopifyWebhookOutcome.Duplicate =>
                Results.Ok(new { received = true, duplicate = outcome == ShopifyWebhookOutcome.Duplicate }),
            ShopifyWebhookOutcome.BadSignature => Problems.Problem(StatusCodes.Status401Unauthorized, "webhook-signature", "Signature refused",
                "The X-Shopify-Hmac-Sha256 header is missing or does not match the body."),
            _ => Problems.Problem(StatusCodes.Status400BadRequest, "webhook-malformed", "Not a Shopify webhook",
                "A JSON object body and the X-Shopify-Topic, X-Shopify-Shop-Domain and X-Shopify-Webhook-Id headers are required."),
        };
    }

    private static IResult TooLarge() =>
        Problems.Problem(StatusCodes.Status413PayloadTooLarge, "webhook-too-large", "The body is too large for a Shopify webhook.");

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
