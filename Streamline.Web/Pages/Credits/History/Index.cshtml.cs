using System.Text;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Credits.History;

public sealed record DisputeMark(Guid Id, DisputeStatus Status);

public sealed record HistoryRow(CreditHistoryLine Line, DisputeMark? Dispute)
{
    public LedgerEntry Entry => Line.Entry;
    public bool CanDispute => Line.IsCharge && Dispute is null;
}

/// <summary>
/// The workspace's credit history, newest first: filters, pages of 25 (swapped in place by htmx), each run's hold and
/// release as one line (<see cref="CreditHistory"/>); the CSV export lists every ledger entry as it is.
/// </summary>
public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "type")] public string? Type { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public DateOnly? To { get; set; }
    // "p", because Razor Pages keeps the page's own path in the route value "page".
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public HistoryFilter Filter => new(Type, From, To);
    public List<HistoryRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        // One URL answers with the whole page or, for htmx, the region it swaps: caches must keep both apart.
        Response.Htmx(h => h.WithVary());
        if (Filter.Validate(ModelState)) await LoadAsync(ct);
        return Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest() ? Partial("_History", this) : Page();
    }

    /// <summary>Every matching entry (not just one page), streamed row by row as the database returns them.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        if (!Filter.Validate(ModelState)) return BadRequest();

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"credits-history-{clock.GetUtcNow():yyyyMMdd}.csv",
        }.ToString();
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(HistoryCsv.Header);
        await foreach (var entry in Filter.Apply(db.LedgerEntries.AsNoTracking()).AsAsyncEnumerable().WithCancellation(ct))
            await writer.WriteAsync(HistoryCsv.Line(entry));
        await writer.FlushAsync(ct);
        return new EmptyResult();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var entries = Filter.Apply(CreditHistory.Lines(db.LedgerEntries.AsNoTracking(), db.LedgerEntries));
        Total = await entries.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await entries.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = page.Select(e => e.Id).ToList();
        var disputes = await db.CreditDisputes.Where(d => ids.Contains(d.LedgerEntryId))
            .Select(d => new { d.LedgerEntryId, d.Id, d.Status })
            .ToDictionaryAsync(d => d.LedgerEntryId, d => new DisputeMark(d.Id, d.Status), ct);
        var lines = await CreditHistory.FoldAsync(page, db.LedgerEntries, db.CreditReservations, ct);
        Rows = lines.Select(l => new HistoryRow(l, disputes.GetValueOrDefault(l.Entry.Id))).ToList();
    }

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public string PageUrl(int page) => Url.Page("/Credits/History/Index", null, Filter.RouteValues(page))!;
    public string CsvUrl => Url.Page("/Credits/History/Index", "Csv", Filter.RouteValues())!;
}
