using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Streamline.Web.Pages.Error;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class IndexModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    // Re-executed for any method, so every verb lands here. The code is read from the route, not bound: binding would
    // read the failed request's form again, and a form the framework refused to parse (a NUL in a value) would turn
    // the 400 it already answered into a 500.
    public void OnGet() => Describe(RouteCode());
    public void OnPost() => Describe(RouteCode());
    public void OnPut() => Describe(RouteCode());
    public void OnPatch() => Describe(RouteCode());
    public void OnDelete() => Describe(RouteCode());
    public void OnOptions() => Describe(RouteCode());

    private int RouteCode() => int.TryParse(RouteData.Values["code"]?.ToString(), out var code) ? code : 500;

    private void Describe(int code)
    {
        // A direct visit to /Error/404 still answers with that status.
        Code = code is >= 400 and < 600 ? code : 500;
        Response.StatusCode = Code;
        (Title, Message) = Code switch
        {
            404 => ("We couldn't find that page", "The link may be old, or the page belongs to a workspace you are not part of."),
            403 => ("You don't have access", "Your account can't open this page. If you think it should, ask a workspace owner."),
            405 => ("That page can't do this", "It only opens and takes forms from the browser. Go back and use the page's own buttons."),
            413 => ("That was too much to send", "Files and forms have a size limit. Send a smaller file, or fewer files at once."),
            429 => ("Slow down a little", "You've made too many attempts. Wait a minute and try again."),
            400 => ("That request didn't look right", "Reload the page and try again. If you submitted a form, your session may have expired."),
            _ => ("Something went wrong on our side", "We've logged the problem. Please try again in a moment."),
        };
    }
}
