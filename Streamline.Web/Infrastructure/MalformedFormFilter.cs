using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// A form body the framework cannot read (multipart without a boundary, a part cut short) leaves every parameter of the
/// handler unbound, services included, and the handler would run with nulls. Such a request is answered 400 before any
/// handler runs, on every page.
/// </summary>
public sealed class MalformedFormFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType)
        {
            try
            {
                await request.ReadFormAsync(context.HttpContext.RequestAborted);
            }
            // A failed first read leaves the body consumed, so a second read says only "unexpected end of stream". A body
            // over the size limit is not malformed: TooLargeBodies answers that one 413.
            catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException))
            {
                context.Result = new BadRequestResult();
                return;
            }
        }
        await next();
    }
}
