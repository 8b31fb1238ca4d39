using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Billing;

/// <summary>
/// The Stripe event log as received: what each event did, and which are still waiting or failing,
/// so an operator can see a stuck payment without reading server logs.
/// </summary>
public class EventsModel(StreamlineDbContext db, RetryStripeEvent retry) : PageModel
{
    public sealed record Row(string Id, string Type, DateTime ReceivedAt, DateTime? ProcessedAt, int Attempts, string? Outcome, string? LastError)
    {
        /// <summary>Used up its tries: nothing retries it until an operator does.</summary>
        public bool Stuck => ProcessedAt is null && Attempts >= ApplyStripeEvent.MaxAttempts;
    }

    public List<Row> Events { get; private set; } = [];
    public int Waiting { get; private set; }
    public bool OnlyWaiting { get; private set; }
    public int Stuck { get; private set; }

    [TempData] public string? Flash { get; set; }

    public async Task OnGetAsync(bool waiting, CancellationToken ct)
    {
        OnlyWaiting = waiting;
        var events = db.StripeEvents.AsNoTracking();
        if (waiting) events = events.Where(e => e.ProcessedAt == null);
        Events = await events.OrderByDescending(e => e.ReceivedAt).Take(200)
            .Select(e => new Row(e.Id, e.Type, e.ReceivedAt, e.ProcessedAt, e.Attempts, e.Outcome, e.LastError))
            .ToListAsync(ct);
        Waiting = await db.StripeEvents.CountAsync(e => e.ProcessedAt == null, ct);
        Stuck = await db.StripeEvents.CountAsync(e => e.ProcessedAt == null && e.Attempts >= ApplyStripeEvent.MaxAttempts, ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(string id, CancellationToken ct)
    {
        Flash = await retry.RunAsync(id, User.AuditActor(), ct)
            ? $"Event {id} is being applied again."
            : $"Event {id} is not waiting for a retry (already applied, or still being retried on its own).";
        return RedirectToPage(new { waiting = true });
    }
}
