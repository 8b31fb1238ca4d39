using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>How both chat pages answer: the bubbles of a send, and a refusal shown above the message box.</summary>
public static class ChatResponses
{
    public static IActionResult Sent(PageModel page, SendResult result)
    {
        if (result.Sent is { } sent) return page.Partial(ChatPages.Partials + "_Sent.cshtml", sent);
        return Notice(page, result.Refusal!, result.Closed);
    }

    /// <summary>422 (or <paramref name="status"/>) with the reason, retargeted at the notice area; the text the visitor typed stays in the box.</summary>
    public static IActionResult Notice(PageModel page, string text, bool closed = false, int status = StatusCodes.Status422UnprocessableEntity)
    {
        page.Response.Headers["HX-Retarget"] = "#chat-notice";
        page.Response.Headers["HX-Reswap"] = "innerHTML";
        // The widget forgets the token of a closed conversation, so that a reload starts a new one.
        if (closed) page.Response.Headers["HX-Trigger"] = "chat-closed";
        var partial = page.Partial(ChatPages.Partials + "_Notice.cshtml", text);
        partial.StatusCode = status;
        return partial;
    }
}
