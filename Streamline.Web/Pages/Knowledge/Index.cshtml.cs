using System.Security.Claims;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using Streamline.Core.Onboarding;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Knowledge;

/// <summary>
/// The workspace's documents: upload, status (rows poll while extraction runs), retry, delete, download.
/// Every handler finds documents through the workspace query filter first, so another workspace's id is a 404.
/// </summary>
public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, DocumentLibrary library, IOptions<KnowledgeOptions> options) : PageModel
{
    public List<KnowledgeDocument> Documents { get; private set; } = [];
    public BusinessProfile? Profile { get; private set; }
    public UploadFormView UploadForm { get; private set; } = null!;
    public KnowledgeOptions Limits => options.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        UploadForm = new UploadFormView(Limits);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? returnUrl, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        var back = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        string? error;
        if (file is null)
        {
            error = "Choose a file to upload.";
        }
        else
        {
            var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
            await using var content = file.OpenReadStream();
            var result = await library.UploadAsync(current.Id, userId, file.FileName, content, file.Length, ct);
            error = result.Error;
        }

        if (error is null)
        {
            var to = back ?? "/knowledge";
            if (!Request.IsHtmx()) return LocalRedirect(to);
            Response.Htmx(h => h.Redirect(to));
            return new EmptyResult();
        }
        UploadForm = new UploadFormView(Limits, back, [error]);
        if (Request.IsHtmx()) return Partial("_UploadForm", UploadForm);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The row alone: what a pending row polls for.</summary>
    public async Task<IActionResult> OnGetRowAsync(Guid id, CancellationToken ct)
    {
        var document = await db.KnowledgeDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        return document is null ? NotFound() : Partial("_DocumentRow", new DocumentRowView(document));
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        if (!await db.KnowledgeDocuments.AnyAsync(d => d.Id == id, ct)) return NotFound();
        await library.RetryAsync(current.Id, id, ct);
        if (!Request.IsHtmx()) return RedirectToPage();
        return await OnGetRowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await db.KnowledgeDocuments.AnyAsync(d => d.Id == id, ct)) return NotFound();
        await library.DeleteAsync(current.Id, id, ct);
        // htmx swaps the row for nothing, which removes it.
        return Request.IsHtmx() ? Content("", "text/html") : RedirectToPage();
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken ct)
    {
        if (!await db.KnowledgeDocuments.AnyAsync(d => d.Id == id, ct)) return NotFound();
        var opened = await library.OpenAsync(current.Id, id, ct);
        if (opened is not { } file) return NotFound();
        // An attachment, never rendered inline: an uploaded file must not run as a page of this site.
        Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return File(file.Content, DocumentFormats.ContentType(file.Document.Format), file.Document.FileName);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Documents = await db.KnowledgeDocuments.AsNoTracking().OrderByDescending(d => d.UploadedAt).ToListAsync(ct);
        Profile = await db.BusinessProfiles.AsNoTracking().SingleOrDefaultAsync(ct);
    }
}
