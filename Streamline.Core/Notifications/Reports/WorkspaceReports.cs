using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Analytics;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Notifications.Reports;

/// <summary>What one report says, the same for every owner of the workspace.</summary>
public sealed record ReportContent(string Template, IReadOnlyDictionary<string, string> Values, byte[] ChartPng);

/// <summary>
/// The weekly performance and monthly usage reports: to each owner of each workspace, once per period. The numbers are
/// the analytics measures (<see cref="AnalyticsQuery"/>) of the last complete week or month beside the one before it.
/// </summary>
public sealed class WorkspaceReports(StreamlineDbContext db, Notifier notifier, IServiceScopeFactory scopes, PublicUrl links, TimeProvider clock)
{
    public const string ChartContentId = "chart@streamline";

    /// <summary>Sends what is due for the last complete period; returns how many mails it queued.</summary>
    public async Task<int> SendAsync(WorkspaceReportKind kind, CancellationToken ct)
    {
        var period = ReportPeriod.LastComplete(kind, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var endOfPeriod = period.Period.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var due = await db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(m => m.Role == WorkspaceRole.Owner)
            .Join(db.Workspaces.IgnoreQueryFilters(QueryFilters.Workspace).Where(w => w.CreatedAt < endOfPeriod), m => m.WorkspaceId, w => w.Id, (m, _) => m)
            .Join(db.Users.Where(u => u.Email != null && u.EmailConfirmed), m => m.UserId, u => u.Id, (m, u) => new { m.WorkspaceId, UserId = u.Id, Email = u.Email! })
            .Where(x => !db.ReportDeliveries.IgnoreQueryFilters(QueryFilters.Workspace).Any(d =>
                d.Report == kind && d.PeriodStart == period.Period.From && d.WorkspaceId == x.WorkspaceId && d.UserId == x.UserId))
            .ToListAsync(ct);

        var sent = 0;
        foreach (var workspace in due.GroupBy(d => d.WorkspaceId))
        {
            var content = await ComposeAsync(workspace.Key, period, ct);
            foreach (var owner in workspace)
                sent += await DeliverAsync(period, workspace.Key, owner.UserId, owner.Email, content, ct);
        }
        return sent;
    }

    /// <summary>
    /// The delivery row and the mail are saved together: a second process that composed the same report fails on the
    /// delivery's key, and its mail is never written.
    /// </summary>
    private async Task<int> DeliverAsync(ReportPeriod period, Guid workspaceId, Guid userId, string email, ReportContent content, CancellationToken ct)
    {
        var delivery = new ReportDelivery
        {
            Report = period.Kind, PeriodStart = period.Period.From, WorkspaceId = workspaceId, UserId = userId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ReportDeliveries.Add(delivery);
        var mails = await notifier.SendAsync(workspaceId, NotificationKind.Reports, [email], content.Template, content.Values, "/analytics", ct);
        foreach (var mail in mails)
        {
            mail.ChartPng = content.ChartPng;
            delivery.EmailMessageId = mail.Id;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return mails.Count;
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var delivered = await db.ReportDeliveries.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(d => d.Report == period.Kind
                && d.PeriodStart == period.Period.From && d.WorkspaceId == workspaceId && d.UserId == userId, ct);
            if (!delivered) throw;
            return 0;
        }
    }

    /// <summary>Reads the workspace's numbers as one of its members would, in a scope entered into it.</summary>
    public async Task<ReportContent> ComposeAsync(Guid workspaceId, ReportPeriod period, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspaceId);
        var analytics = scope.ServiceProvider.GetRequiredService<AnalyticsQuery>();
        var workspaceDb = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();

        var days = await DailyAsync(analytics, period.Period, ct);
        var before = await DailyAsync(analytics, period.Previous, ct);
        var now = Measures.Sum(days);
        var then = Measures.Sum(before);
        var names = await workspaceDb.Campaigns.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var campaigns = (await analytics.ForPeriodAsync(period.Period.From, period.Period.To, AnalyticsGroupBy.Campaign, null, ct))
            .Where(r => r.Measures.Conversations > 0)
            .OrderByDescending(r => r.Measures.Conversations).ThenBy(r => r.CampaignId is { } id ? names.GetValueOrDefault(id, "") : "", StringComparer.Ordinal)
            .Take(3)
            .Select(r => new { Name = r.CampaignId is { } id ? names.GetValueOrDefault(id, "Deleted campaign") : AnalyticsReports.NoCampaign, r.Measures })
            .ToList();

        var weekly = period.Kind == WorkspaceReportKind.Weekly;
        var values = new Dictionary<string, string>
        {
            ["Workspace"] = await workspaceDb.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct),
            ["Period"] = period.Label,
            ["Previous"] = period.PreviousName,
            ["Conversations"] = Compare(now.Conversations, then.Conversations, Count),
            ["AnalyticsUrl"] = links.Link($"/analytics?from={period.Period.From:yyyy-MM-dd}&to={period.Period.To:yyyy-MM-dd}"),
            ["TopCampaigns"] = campaigns.Count == 0
                ? "no campaign had a conversation in this period."
                : string.Join("; ", campaigns.Select(c => weekly
                    ? $"{c.Name}: {Plural(c.Measures.Conversations, "conversation")}, {c.Measures.Won} won"
                    : $"{c.Name}: {Plural(c.Measures.Conversations, "conversation")}, {CreditAmount.Credits(c.Measures.AiCostMillicredits)} of AI")),
        };
        if (weekly)
        {
            values["Leads"] = Compare(now.Leads, then.Leads, Count);
            values["QualifiedLeads"] = Compare(now.QualifiedLeads, then.QualifiedLeads, Count);
            values["Won"] = Compare(now.Won, then.Won, Count);
            values["Revenue"] = Compare(now.RevenueCents, then.RevenueCents, MoneyAmount.Format);
            values["ResponseRate"] = $"{Percent(now.ResponseRate)} ({Percent(then.ResponseRate)} {period.PreviousName})";
        }
        else
        {
            values["VisitorMessages"] = Compare(now.VisitorMessages, then.VisitorMessages, Count);
            values["AiReplies"] = Compare(now.AiReplies, then.AiReplies, Count);
            values["HumanReplies"] = Compare(now.HumanReplies, then.HumanReplies, Count);
            values["Handoffs"] = Compare(now.Handoffs, then.Handoffs, Count);
            values["AiCost"] = Compare(now.AiCostMillicredits, then.AiCostMillicredits, CreditAmount.Credits);
            values["CreditsUrl"] = links.Link("/credits");
        }
        long Series(Measures m) => weekly ? m.Conversations : m.AiReplies;
        var chart = PngLineChart.Render([.. days.Select(Series)], [.. before.Select(Series)]);
        return new ReportContent(weekly ? "weekly-report" : "monthly-report", values, chart);

        string Compare(long current, long previous, Func<long, string> format) => current == previous
            ? $"{format(current)} (the same as {period.PreviousName})"
            : $"{format(current)} ({(current > previous ? "up" : "down")} from {format(previous)} {period.PreviousName})";
    }

    /// <summary>Every day of the period in order, zero where nothing happened.</summary>
    private static async Task<List<Measures>> DailyAsync(AnalyticsQuery analytics, AnalyticsPeriod period, CancellationToken ct)
    {
        var rows = (await analytics.ForPeriodAsync(period.From, period.To, AnalyticsGroupBy.Day, null, ct)).ToDictionary(r => r.Day!.Value, r => r.Measures);
        return [.. period.EachDay.Select(d => rows.GetValueOrDefault(d) ?? Measures.Zero)];
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Plural(long n, string noun) => $"{Count(n)} {noun}{(n == 1 ? "" : "s")}";

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "no conversations to answer";
}
