using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>
/// The widget's loader at a stable address (/widget.js), the one the embed snippet names: the bundle's own
/// address is an implementation detail. Cached briefly, so a deploy reaches every website within minutes, and
/// revalidated by its ETag. Readable cross-origin (CORP, CORS) so that host pages with strict isolation can load it.
/// </summary>
[AllowAnonymous]
public class LoaderModel(IWebHostEnvironment env) : PageModel
{
    public IActionResult OnGet()
    {
        var file = env.WebRootFileProvider.GetFileInfo("dist/widget.js");
        if (!file.Exists) return NotFound();
        Response.Headers.CacheControl = "public, max-age=300";
        Response.Headers.AccessControlAllowOrigin = "*";
        Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        var etag = new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\"");
        return new FileStreamResult(file.CreateReadStream(), "text/javascript; charset=utf-8") { LastModified = file.LastModified, EntityTag = etag };
    }
}
