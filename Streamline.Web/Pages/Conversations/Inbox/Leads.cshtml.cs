using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>The workspace's leads (contacts with an e-mail or phone), in pages of 50 and as a CSV export of all.</summary>
[KnownHandlersOnly]
public class LeadsModel(LeadsQuery leads, CurrentWorkspace current, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public LeadsPage Leads { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Leads = await leads.ListAsync(PageNumber, ct);
        return Page();
    }

    /// <summary>Every lead, streamed row by row as the database returns them.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"leads-{clock.GetUtcNow():yyyyMMdd}.csv",
        }.ToString();
        var origin = $"{Request.Scheme}://{Request.Host}";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(LeadsCsv.Header);
        await foreach (var lead in leads.AllAsync().WithCancellation(ct))
            await writer.WriteAsync(LeadsCsv.Line(lead, id => $"{origin}/inbox/{id}"));
        await writer.FlushAsync(ct);
        return new EmptyResult();
    }

    public static string PageUrl(int page) => page > 1 ? $"/inbox/leads?p={page}" : "/inbox/leads";
}
