using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// A body over the server's limit (Kestrel's 30 MB, or an endpoint's <c>[RequestSizeLimit]</c>) is a 413: refused
/// before reading when its length is declared, and answered as such when the limit is hit while reading, where the
/// server's exception would otherwise surface as a 500. The status-code pages then write the friendly page or
/// problem+json. Runs after routing, which applies the endpoint's limit.
/// </summary>
public sealed class TooLargeBodies(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The error page re-executed for this request must not be refused for the same body.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is null
            && context.Request.ContentLength is { } length
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsTooLarge(e) && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
    }

    internal static bool IsTooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
            // The form reader's own limits (multipart body length) say so only in their message.
            if (e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
