using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Mail;

public class ShowModel(StreamlineDbContext db) : PageModel
{
    public EmailMessage Message { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var message = await db.EmailMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (message is null) return NotFound();
        Message = message;
        return Page();
    }

    /// <summary>
    /// The mail's own HTML, for the sandboxed iframe above: it may be framed by this site only, and
    /// its inline styles (mail clients need them) are allowed while scripts stay forbidden. The
    /// sandbox keeps the origin so that the page can size the frame to the mail; with no script
    /// allowed in the mail, nothing in it can use that origin.
    /// </summary>
    public async Task<IActionResult> OnGetHtmlAsync(Guid id, CancellationToken ct)
    {
        var html = await db.EmailMessages.Where(m => m.Id == id).Select(m => m.HtmlBody).SingleOrDefaultAsync(ct);
        if (html is null) return NotFound();
        HttpContext.Features.Set(new FrameAncestorsFeature("'self'",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-same-origin"));
        return Content(html, "text/html; charset=utf-8");
    }
}
