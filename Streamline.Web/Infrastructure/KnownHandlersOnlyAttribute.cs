using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// A page that answers 404 unless the handler that runs is the one the request names. Razor Pages would otherwise
/// run the plain handler for a name the page lacks (a typo, another page's handler) and render a page with nothing
/// loaded for a verb it lacks. A page whose route has a <c>{handler}</c> segment is reached by that segment only, as
/// the rate limits read it there; any other page takes the name from the query string.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class KnownHandlersOnlyAttribute : Attribute, IAsyncPageFilter
{
    private const string Handler = "handler";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is { } method && string.Equals(method.Name, Asked(context), StringComparison.OrdinalIgnoreCase))
            return next();
        context.Result = new NotFoundResult();
        return Task.CompletedTask;
    }

    private static string? Asked(PageHandlerExecutingContext context)
    {
        var inRoute = context.ActionDescriptor.AttributeRouteInfo?.Template?.Contains("{" + Handler, StringComparison.OrdinalIgnoreCase) == true;
        var asked = inRoute
            ? context.RouteData.Values[Handler] as string
            : context.HttpContext.Request.Query[Handler].FirstOrDefault();
        return string.IsNullOrEmpty(asked) ? null : asked;
    }
}
