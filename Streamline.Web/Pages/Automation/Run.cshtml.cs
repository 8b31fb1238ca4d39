using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Automation;
using Streamline.Core.Automation.Webpage;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Automation;

/// <summary>One run: its progress (refreshed by htmx while it runs), output files, cost, and cancelling it.</summary>
[KnownHandlersOnly]
public class RunModel(ServiceRuns runs, CurrentWorkspace current) : PageModel
{
    public ServiceRun Run { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || await runs.FindAsync(current.Id, id, ct) is not { } run) return NotFound();
        Run = run;
        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() ? Partial("_Run", run) : Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || await runs.FindAsync(current.Id, id, ct) is null) return NotFound();
        await runs.CancelAsync(current.Id, id, ct);
        var run = (await runs.FindAsync(current.Id, id, ct))!;
        return Request.IsHtmx() ? Partial("_Run", run) : Redirect($"/services/runs/{id}");
    }

    /// <summary>
    /// A generated page to look at in the run's sandboxed frame, without its widget script: framed by this site only,
    /// and sandboxed by its own policy too, so even opened on its own it runs nothing and reaches nothing.
    /// </summary>
    public async Task<IActionResult> OnGetPreviewAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || await runs.OpenFileAsync(current.Id, id, WebpageGenerator.PageFile, ct) is not { } stream) return NotFound();
        string html;
        using (var reader = new StreamReader(stream)) html = await reader.ReadToEndAsync(ct);
        HttpContext.Features.Set(new FrameAncestorsFeature("'self'", PreviewPolicy));
        return Content(WebpagePreview.WithoutScripts(html), "text/html; charset=utf-8");
    }

    public const string PreviewPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    public async Task<IActionResult> OnGetFileAsync(Guid id, string name, CancellationToken ct)
    {
        if (current.Active is null || await runs.OpenFileAsync(current.Id, id, name ?? "", ct) is not { } stream) return NotFound();
        return File(stream, ServiceFiles.ContentTypeOf(name!), name);
    }
}
