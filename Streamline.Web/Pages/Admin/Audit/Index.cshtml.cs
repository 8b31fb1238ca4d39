using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Audit;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Audit;

[KnownHandlersOnly]
public class IndexModel(AuditLog log, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public AuditAction? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Workspace { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<AuditRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool Filtered => Filter != new AuditFilter();

    private AuditFilter Filter => new(Actor, Action, Workspace, From, To);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unparseable filters (a made-up action, a date that is not one) show their message and no rows, never an error page.
        if (!ModelState.IsValid) return;
        PageNumber = Math.Max(1, PageNumber);
        (Rows, Total) = await log.PageAsync(Filter, PageNumber, PageSize, ct);
    }

    /// <summary>Every matching entry (not just one page), oldest first, streamed as the database returns them.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadRequest();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"audit-log-{clock.GetUtcNow():yyyyMMdd}.csv",
        }.ToString();
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await log.WriteCsvAsync(Filter, writer, ct);
        await writer.FlushAsync(ct);
        return new EmptyResult();
    }

    /// <summary>This page's address with the current filters, on another page or as CSV.</summary>
    public string Link(int? page = null, bool csv = false)
    {
        var query = new Dictionary<string, string?>
        {
            ["handler"] = csv ? "Csv" : null,
            ["Actor"] = Actor, ["Action"] = Action?.ToString(), ["Workspace"] = Workspace,
            ["From"] = From?.ToString("yyyy-MM-dd"), ["To"] = To?.ToString("yyyy-MM-dd"),
            ["p"] = page is > 1 ? page.Value.ToString() : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/audit",
            query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }
}
