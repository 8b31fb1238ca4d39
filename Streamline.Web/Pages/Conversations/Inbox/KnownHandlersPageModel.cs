using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>
/// A page whose unknown handler names (a typo, another page's handler) answer 404: otherwise Razor Pages renders
/// the page without running any handler, with nothing loaded.
/// </summary>
public abstract class KnownHandlersPageModel : PageModel
{
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is not null) return next();
        context.Result = NotFound();
        return Task.CompletedTask;
    }
}
