using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// A form body the framework cannot read (multipart without a boundary, a part cut short) leaves every parameter of the
/// handler unbound, services included, and the handler would run with nulls. Such a request is answered 400 before any
/// handler runs, on every page; the status-code pages then show the friendly 400 page.
/// </summary>
public sealed class MalformedFormFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        // The error pages are re-executed with the original method and body: their own answer must not be refused too.
        var reExecuted = http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerFeature>() is not null;
        if (http.Request.HasFormContentType && !reExecuted)
        {
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            // A failed first read leaves the body consumed, so a second read says only "unexpected end of stream". A body
            // over a size limit is not malformed: TooLargeBodies answers that one 413.
            catch (Exception e) when ((e is InvalidDataException || e is IOException) && !TooLargeBodies.IsTooLarge(e))
            {
                context.Result = new BadRequestResult();
                return;
            }
        }
        await next();
    }
}
