using Hangfire;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Web.Pages.Admin;

/// <summary>The back office at a glance: each figure one cheap count or sum, each linking to the page that explains it.</summary>
public class IndexModel(StreamlineDbContext db, CreditReports reports, JobStorage jobs, TimeProvider clock) : PageModel
{
    private static readonly string[] AllWorkspaces = [StreamlineDbContext.WorkspaceFilter];

    public int Users { get; private set; }
    public int Workspaces { get; private set; }
    public int MailsPending { get; private set; }
    public int MailsFailed { get; private set; }

    /// <summary>Payments made since the first of this month (UTC) less their refunds.</summary>
    public long RevenueThisMonthCents { get; private set; }

    public DateOnly MonthStart { get; private set; }

    /// <summary>Credit disputes waiting for an admin: open or in review.</summary>
    public int OpenDisputes { get; private set; }

    /// <summary>Conversations whose visitor asked for a person that nobody has taken over yet.</summary>
    public int WaitingConversations { get; private set; }

    public long FailedJobs { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = clock.GetUtcNow().UtcDateTime;
        MonthStart = new DateOnly(today.Year, today.Month, 1);
        var monthStart = MonthStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        Users = await db.Users.CountAsync(ct);
        Workspaces = await db.Workspaces.CountAsync(ct);
        var mails = await db.EmailMessages.Where(m => m.Status == EmailStatus.Pending || m.Status == EmailStatus.Failed)
            .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        MailsPending = mails.Where(m => m.Status == EmailStatus.Pending).Sum(m => m.Count);
        MailsFailed = mails.Where(m => m.Status == EmailStatus.Failed).Sum(m => m.Count);
        RevenueThisMonthCents = await reports.NetRevenueCentsAsync(monthStart, monthStart.AddMonths(1), ct);
        OpenDisputes = await db.CreditDisputes.IgnoreQueryFilters(AllWorkspaces)
            .CountAsync(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview, ct);
        WaitingConversations = await db.Conversations.IgnoreQueryFilters(AllWorkspaces)
            .CountAsync(c => c.Status == ConversationStatus.AwaitingHuman, ct);
        FailedJobs = jobs.GetMonitoringApi().FailedCount();
    }
}

/// <summary>One figure of the overview: <paramref name="Link"/> is the page that explains it; <paramref name="Alert"/> marks a figure that wants attention.</summary>
public sealed record OverviewFigure(string Key, string Label, string Value, string? Link, string? Note, bool Alert = false);
