using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Web.Pages.Admin.Billing;

/// <summary>
/// The Stripe event log as received: what each event did, and which are still waiting or failing,
/// so an operator can see a stuck payment without reading server logs.
/// </summary>
public class EventsModel(StreamlineDbContext db) : PageModel
{
    public sealed record Row(string Id, string Type, DateTime ReceivedAt, DateTime? ProcessedAt, int Attempts, string? Outcome, string? LastError);

    public List<Row> Events { get; private set; } = [];
    public int Waiting { get; private set; }
    public bool OnlyWaiting { get; private set; }

    public async Task OnGetAsync(bool waiting, CancellationToken ct)
    {
        OnlyWaiting = waiting;
        var events = db.StripeEvents.AsNoTracking();
        if (waiting) events = events.Where(e => e.ProcessedAt == null);
        Events = await events.OrderByDescending(e => e.ReceivedAt).Take(200)
            .Select(e => new Row(e.Id, e.Type, e.ReceivedAt, e.ProcessedAt, e.Attempts, e.Outcome, e.LastError))
            .ToListAsync(ct);
        Waiting = await db.StripeEvents.CountAsync(e => e.ProcessedAt == null, ct);
    }
}
