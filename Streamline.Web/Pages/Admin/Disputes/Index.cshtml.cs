using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;

namespace Streamline.Web.Pages.Admin.Disputes;

/// <summary>The review queue across every workspace, oldest first, with the dispute statistics above it.</summary>
public class IndexModel(StreamlineDbContext db, CreditDisputeService disputes) : PageModel
{
    public sealed record Row(Guid Id, DateTime CreatedAt, string Workspace, DisputeReason Reason, long Requested, long Refunded, DisputeStatus Status);

    public const int Limit = 200;

    /// <summary>The status filter's choices: "active" (open or in review) first, as the queue an admin works through.</summary>
    public static readonly IReadOnlyList<(string Value, string Label, DisputeStatus[] Statuses)> Choices =
    [
        ("active", "Open and in review", [DisputeStatus.Open, DisputeStatus.InReview]),
        ("open", "Open", [DisputeStatus.Open]),
        ("inreview", "In review", [DisputeStatus.InReview]),
        ("resolved", "Resolved", [DisputeStatus.Resolved]),
        ("rejected", "Rejected", [DisputeStatus.Rejected]),
        ("all", "All", Enum.GetValues<DisputeStatus>()),
    ];

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public DisputeStatistics Statistics { get; private set; } = null!;
    public List<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var choice = Choices.FirstOrDefault(c => c.Value == (Status ?? "active"));
        if (choice.Value is null) return BadRequest();
        Status = choice.Value;
        var statuses = choice.Statuses.ToList();

        Statistics = await disputes.StatisticsAsync(ct);
        Rows = await db.CreditDisputes.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(d => statuses.Contains(d.Status))
            .Join(db.Workspaces, d => d.WorkspaceId, w => w.Id, (d, w) => new { d, w.Name })
            .OrderBy(x => x.d.CreatedAt).ThenBy(x => x.d.Id).Take(Limit)
            .Select(x => new Row(x.d.Id, x.d.CreatedAt, x.Name, x.d.Reason, x.d.RequestedMillicredits, x.d.RefundedMillicredits, x.d.Status))
            .ToListAsync(ct);
        return Page();
    }
}
