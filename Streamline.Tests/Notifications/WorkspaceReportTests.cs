using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Streamline.Core.Conversations;
using Streamline.Core.Email;
using Streamline.Core.Notifications;
using Streamline.Core.Notifications.Reports;
using Streamline.Tests.Analytics;
using Streamline.Tests.Jobs;
using Streamline.Tests.Support;

namespace Streamline.Tests.Notifications;

public abstract class WorkspaceReportTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task The_weekly_report_compares_last_week_with_the_week_before_and_is_mailed_once_however_often_the_job_runs()
    {
        var (owner, scene) = await OwnerWithNumbersAsync();

        await RunJobAsync();
        await RunJobAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunJobAsync()));

        await using var db = app.Database.NewContext();
        var mail = await db.EmailMessages.AsNoTracking().SingleAsync(m => m.To == owner && m.Template == "weekly-report");
        Assert.Equal(1, await db.EmailMessages.CountAsync(m => m.To == owner && m.Template == "monthly-report"));
        Assert.Equal(2, await db.ReportDeliveries.IgnoreQueryFilters().CountAsync(d => d.WorkspaceId == scene.WorkspaceId));
        Assert.Contains("Conversations: 3 (up from 1 the week before)", mail.TextBody);
        Assert.Contains("Qualified leads: 1 (up from 0 the week before)", mail.TextBody);
        Assert.Contains("Revenue: $299.00 (up from $0.00 the week before)", mail.TextBody);
        Assert.Contains("Websites: 2 conversations, 1 won; Scraper: 1 conversation, 0 won", mail.TextBody);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], mail.ChartPng![..4]);
        if (Environment.GetEnvironmentVariable("STREAMLINE_SCREENSHOTS") is { Length: > 0 } folder)
            await MimeMessages.From(mail, "Streamline <noreply@example.test>").WriteToAsync(Path.Combine(folder, $"weekly-report-{app.Provider}.eml"));
        Assert.Contains("src=\"cid:chart@streamline\"", mail.HtmlBody);
        var mime = MimeMessages.From(mail, "Streamline <noreply@example.test>");
        var chart = Assert.Single(mime.BodyParts.OfType<MimePart>(), p => p.ContentId == WorkspaceReports.ChartContentId);
        Assert.Equal("image/png", chart.ContentType.MimeType);
        Assert.NotNull(mail.UnsubscribeUrl);
        Assert.Equal($"<{mail.UnsubscribeUrl}>", mime.Headers[HeaderId.ListUnsubscribe]);
    }

    [Fact]
    public async Task An_owner_who_turned_reports_off_gets_the_notice_but_not_the_mail_and_still_only_once()
    {
        var (owner, scene) = await OwnerWithNumbersAsync();
        var userId = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Accounts.AppUser>>().FindByEmailAsync(owner))!.Id);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationPreferences>().SetAsync(userId, scene.WorkspaceId,
                new Dictionary<NotificationKind, bool> { [NotificationKind.Reports] = false }, CancellationToken.None);
            return 0;
        });

        await RunJobAsync();
        await RunJobAsync();

        await using var db = app.Database.NewContext();
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == owner && (m.Template == "weekly-report" || m.Template == "monthly-report")));
        var notices = await db.Notifications.IgnoreQueryFilters().Where(n => n.WorkspaceId == scene.WorkspaceId && n.Kind == NotificationKind.Reports).ToListAsync();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal("/analytics", n.Link));
        Assert.All(await db.ReportDeliveries.IgnoreQueryFilters().Where(d => d.WorkspaceId == scene.WorkspaceId).ToListAsync(), d => Assert.Null(d.EmailMessageId));
    }

    [Fact]
    public void Periods_are_the_last_whole_week_from_monday_and_the_last_calendar_month()
    {
        var wednesday = new DateOnly(2026, 12, 9);
        var week = ReportPeriod.LastComplete(WorkspaceReportKind.Weekly, wednesday);
        Assert.Equal((new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6)), (week.Period.From, week.Period.To));
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)), (week.Previous.From, week.Previous.To));
        Assert.Equal(week.Period, ReportPeriod.LastComplete(WorkspaceReportKind.Weekly, new DateOnly(2026, 12, 7)).Period);

        var month = ReportPeriod.LastComplete(WorkspaceReportKind.Monthly, new DateOnly(2026, 3, 1));
        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), (month.Period.From, month.Period.To));
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), (month.Previous.From, month.Previous.To));
        Assert.Equal("February 2026", month.Label);
    }

    /// <summary>
    /// A confirmed owner of a workspace that existed before last week, with three conversations last week (two on
    /// Websites, one qualified and won for $299; one on Scraper) and one the week before, each day stored as the
    /// nightly aggregation would.
    /// </summary>
    private async Task<(string Owner, AnalyticsScene Scene)> OwnerWithNumbersAsync()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app, workspace: $"Reports {Guid.NewGuid():N}"[..16]);
        client.Dispose();
        var workspaceId = await JobScene.WorkspaceOfAsync(app, email);
        await using (var db = app.Database.NewContext())
        {
            var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId);
            workspace.CreatedAt = DateTime.UtcNow.AddDays(-80);
            await db.SaveChangesAsync();
        }
        var scene = await AnalyticsScene.OnAsync(app, workspaceId);
        var week = ReportPeriod.LastComplete(WorkspaceReportKind.Weekly, Today);
        var monday = week.Period.From;
        await scene.AddAsync(AnalyticsScene.At(monday, 10), scene.Websites, ConversationChannel.Widget, email: "ada@lead.test", qualified: true,
            messages: [(MessageSender.Visitor, AnalyticsScene.At(monday, 10), 0), (MessageSender.Ai, AnalyticsScene.At(monday, 10, 0, 5), 1_500)],
            proposals: [(29_900, true, false)]);
        await scene.AddAsync(AnalyticsScene.At(monday, 11), scene.Websites, ConversationChannel.Widget);
        await scene.AddAsync(AnalyticsScene.At(monday.AddDays(2), 9), scene.Scraper, ConversationChannel.Widget,
            messages: [(MessageSender.Visitor, AnalyticsScene.At(monday.AddDays(2), 9), 0)]);
        await scene.AddAsync(AnalyticsScene.At(week.Previous.From, 9), scene.Scraper, ConversationChannel.Widget);
        foreach (var day in new[] { monday, monday.AddDays(2), week.Previous.From })
            await AnalyticsScene.AggregateAsync(app, day);
        return (email, scene);
    }

    private Task<int> RunJobAsync() => app.WithScopeAsync(async sp =>
    {
        await sp.GetRequiredService<SendWorkspaceReports>().RunAsync(CancellationToken.None);
        return 0;
    });
}

[Collection(SharedApps.Sqlite2)]
public sealed class WorkspaceReportTestsOnSqlite(SqliteApp app) : WorkspaceReportTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class WorkspaceReportTestsOnPostgres(PostgresApp app) : WorkspaceReportTests<PostgresApp>(app);
