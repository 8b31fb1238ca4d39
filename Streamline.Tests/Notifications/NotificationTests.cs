using System.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Notifications;
using Streamline.Tests.Admin;
using Streamline.Tests.Analytics;
using Streamline.Tests.Jobs;
using Streamline.Tests.Support;

namespace Streamline.Tests.Notifications;

public abstract class NotificationTests<TApp>(TApp app) where TApp : AdminApp
{
    private static readonly string[] AllKinds = NotificationKinds.All.Select(k => k.ToString()).ToArray();

    [Fact]
    public async Task A_member_who_turns_job_updates_off_gets_no_mail_but_still_the_notice_and_the_bell_counts_it()
    {
        using var scene = await JobScene.CreateAsync(app);
        (await SaveEmailKindsAsync(scene.Customer, AllKinds.Where(k => k != nameof(NotificationKind.JobUpdates)))).EnsureRedirect("/account/notifications");
        var settings = await scene.Customer.GetDocumentAsync("/account/notifications");
        Assert.False(settings.QuerySelector("#email-JobUpdates")!.HasAttribute("checked"));
        Assert.True(settings.QuerySelector("#email-Comments")!.HasAttribute("checked"));

        await MoveToInProgressAsync(scene);

        await using var db = app.Database.NewContext();
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == scene.CustomerEmail && m.Template == "job-status"));
        var notice = await db.Notifications.IgnoreQueryFilters().SingleAsync(n => n.WorkspaceId == scene.WorkspaceId);
        Assert.Equal(NotificationKind.JobUpdates, notice.Kind);
        Assert.Equal(scene.CustomerUrl, notice.Link);

        var bell = await (await scene.Customer.Http.GetAsync("/notifications?handler=Bell")).FragmentAsync();
        Assert.Equal("1", bell.QuerySelector(".topbar-bell-count")!.TextContent.Trim());
        var list = await scene.Customer.GetDocumentAsync("/notifications");
        Assert.Contains("In progress", list.QuerySelector($"#notification-{notice.Id}")!.TextContent);

        var read = await scene.Customer.HtmxPostAsync("/notifications", $"/notifications?handler=Read&id={notice.Id}");
        Assert.Equal("notifications-read", read.Headers.GetValues("HX-Trigger").Single());
        Assert.DoesNotContain("Mark read", (await read.FragmentAsync()).Body!.TextContent);
        bell = await (await scene.Customer.Http.GetAsync("/notifications?handler=Bell")).FragmentAsync();
        Assert.Null(bell.QuerySelector(".topbar-bell-count"));
    }

    [Fact]
    public async Task A_notification_mail_carries_one_click_unsubscribe_headers_and_its_link_works_without_logging_in()
    {
        using var scene = await JobScene.CreateAsync(app);
        await MoveToInProgressAsync(scene);
        var mail = await MailAsync(scene.CustomerEmail, "job-status");
        Assert.NotNull(mail.UnsubscribeUrl);
        Assert.Contains(mail.UnsubscribeUrl, mail.TextBody);
        Assert.Contains("Unsubscribe", mail.HtmlBody);

        var mime = MimeMessages.From(mail, "Streamline <noreply@example.test>");
        Assert.Equal($"<{mail.UnsubscribeUrl}>", mime.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers[HeaderId.ListUnsubscribePost]);

        using var stranger = app.NewClient();
        var url = AppClient.PathOf(mail.UnsubscribeUrl!);
        var confirm = await stranger.GetDocumentAsync(url);
        Assert.Contains("job updates", confirm.QuerySelector("main")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await PreferencesAsync(scene.WorkspaceId)); // opening the link changes nothing

        // What a mail client sends (RFC 8058): a POST to the link, no cookie, no antiforgery token.
        var oneClick = await stranger.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        var row = Assert.Single(await PreferencesAsync(scene.WorkspaceId));
        Assert.Equal((await UserIdAsync(scene.CustomerEmail), NotificationKind.JobUpdates, false), (row.UserId, row.Kind, row.Email));

        // Again, as a second click would: still one row, still off.
        Assert.Equal(HttpStatusCode.OK, (await stranger.Http.PostAsync(url, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Single(await PreferencesAsync(scene.WorkspaceId));

        await MoveAsync(scene, "InProgress", "OnHold");
        Assert.Equal(1, await CountMailsAsync(scene.CustomerEmail, "job-status"));
    }

    [Fact]
    public async Task An_unsubscribe_link_stops_only_its_own_kind_and_a_changed_or_foreign_token_stops_nothing()
    {
        using var scene = await JobScene.CreateAsync(app);
        await MoveToInProgressAsync(scene);
        var url = AppClient.PathOf((await MailAsync(scene.CustomerEmail, "job-status")).UnsubscribeUrl!);
        var token = Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

        using var stranger = app.NewClient();
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        foreach (var bad in new[] { tampered, "not-a-token", "" })
        {
            var response = await stranger.Http.PostAsync($"/notifications/unsubscribe?token={Uri.EscapeDataString(bad)}", new FormUrlEncodedContent([]));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await AppClient.ParseAsync(response)).QuerySelector("#unsubscribe-invalid"));
        }
        Assert.Empty(await PreferencesAsync(scene.WorkspaceId));

        (await stranger.Http.PostAsync(url, new FormUrlEncodedContent([]))).EnsureSuccessStatusCode();
        Assert.Equal(NotificationKind.JobUpdates, Assert.Single(await PreferencesAsync(scene.WorkspaceId)).Kind);

        // Comments are another kind: the customer still gets those.
        var comment = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/comment", new Dictionary<string, string> { ["body"] = "Kick-off on Monday" });
        Assert.True(comment.IsSuccessStatusCode, $"comment answered {(int)comment.StatusCode}");
        var commentMail = await MailAsync(scene.CustomerEmail, "job-comment");
        Assert.Contains("comments", commentMail.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Settings_need_a_signed_in_member_and_an_antiforgery_token_and_refuse_unknown_kinds_without_saving()
    {
        using var anonymous = app.NewClient();
        (await anonymous.Http.GetAsync("/account/notifications")).EnsureRedirect("https://localhost/Identity/Account/Login");
        (await anonymous.Http.GetAsync("/notifications")).EnsureRedirect("https://localhost/Identity/Account/Login");

        var (client, email) = await AppClient.SignedInUserAsync(app);
        using var _ = client;
        var withoutToken = await client.Http.PostAsync("/account/notifications",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "Reports" }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var bad = await SaveEmailKindsAsync(client, ["Reports", "Everything<script>"]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("could not be read", (await AppClient.ParseAsync(bad)).QuerySelector("#notification-preferences")!.TextContent);
        var workspaceId = await JobScene.WorkspaceOfAsync(app, email);
        Assert.Empty(await PreferencesAsync(workspaceId));
    }

    [Fact]
    public async Task Another_members_or_another_workspaces_notice_cannot_be_read_opened_or_counted()
    {
        using var scene = await JobScene.CreateAsync(app);
        await MoveToInProgressAsync(scene);
        await using var db = app.Database.NewContext();
        var notice = await db.Notifications.IgnoreQueryFilters().SingleAsync(n => n.WorkspaceId == scene.WorkspaceId);

        var (other, _) = await AppClient.SignedInUserAsync(app);
        using var __ = other;
        Assert.Equal(HttpStatusCode.NotFound, (await other.HtmxPostAsync("/notifications", $"/notifications?handler=Read&id={notice.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.HtmxPostAsync("/notifications", $"/notifications?handler=Open&id={notice.Id}")).StatusCode);
        Assert.Null((await (await other.Http.GetAsync("/notifications?handler=Bell")).FragmentAsync()).QuerySelector(".topbar-bell-count"));
        Assert.Null((await other.GetDocumentAsync("/notifications")).QuerySelector($"#notification-{notice.Id}"));
        Assert.Null((await db.Notifications.IgnoreQueryFilters().AsNoTracking().SingleAsync(n => n.Id == notice.Id)).ReadAt);

        var open = await scene.Customer.HtmxPostAsync("/notifications", $"/notifications?handler=Open&id={notice.Id}");
        open.EnsureRedirect(scene.CustomerUrl);
        Assert.NotNull((await db.Notifications.IgnoreQueryFilters().AsNoTracking().SingleAsync(n => n.Id == notice.Id)).ReadAt);
    }

    /// <summary>Posts the settings form with the given boxes ticked (a checkbox list repeats its name), as a browser would.</summary>
    [Fact]
    public async Task Owners_are_not_mailed_about_low_balance_or_qualified_leads_they_turned_off_but_still_about_handoffs()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        client.Dispose();
        var workspaceId = await JobScene.WorkspaceOfAsync(app, email);
        var userId = await UserIdAsync(email);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<NotificationPreferences>().SetAsync(userId, workspaceId, new Dictionary<NotificationKind, bool>
            {
                [NotificationKind.LowBalance] = false, [NotificationKind.QualifiedLead] = false,
            }, CancellationToken.None);
            return 0;
        });

        // The app's own services, as a spend and the sales engine use them.
        await app.WithScopeAsync(async sp =>
        {
            var credits = sp.GetRequiredService<CreditService>();
            Assert.True((await credits.GrantAsync(workspaceId, 100_000, LedgerEntryType.AdminGrant, "arrange", $"test:{Guid.NewGuid():N}", null, null)).Succeeded);
            await credits.SetLowBalanceThresholdAsync(workspaceId, 60_000);
            Assert.True((await credits.SpendAsync(workspaceId, 50_000, LedgerEntryType.Consumption, "spend", $"test:{Guid.NewGuid():N}", null, null)).Succeeded);
            return 0;
        });
        var scene = await AnalyticsScene.OnAsync(app, workspaceId);
        var conversationId = await scene.AddAsync(DateTime.UtcNow, scene.Websites, ConversationChannel.Widget, email: "dana@lead.test");
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var conversation = await db.Conversations.IgnoreQueryFilters().Include(c => c.Contact).SingleAsync(c => c.Id == conversationId);
            var notices = sp.GetRequiredService<ConversationNotices>();
            await notices.QualifiedLeadAsync(conversation, conversation.Contact!, new LeadAssessment(80, ["budget"], Sentiment.Positive));
            await notices.HandoffAsync(conversation, conversation.Contact!, HandoffReason.VisitorAsked);
            return 0;
        });

        await using var check = app.Database.NewContext();
        var templates = await check.EmailMessages.Where(m => m.To == email && m.Template != "confirm-email").Select(m => m.Template).ToListAsync();
        Assert.Equal(["conversation-handoff"], templates);
        var kinds = await check.Notifications.IgnoreQueryFilters().Where(n => n.UserId == userId).Select(n => n.Kind).ToListAsync();
        Assert.Equal([NotificationKind.QualifiedLead, NotificationKind.Handoff, NotificationKind.LowBalance], kinds.Order());
    }

    private static async Task<HttpResponseMessage> SaveEmailKindsAsync(AppClient client, IEnumerable<string> kinds)
    {
        var page = await client.GetDocumentAsync("/account/notifications");
        var token = page.QuerySelector("#notification-preferences input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = kinds.Select(k => new KeyValuePair<string, string>("Email", k)).Append(new("__RequestVerificationToken", token));
        return await client.Http.PostAsync("/account/notifications", new FormUrlEncodedContent(fields));
    }

    private static Task MoveToInProgressAsync(JobScene scene) => MoveAsync(scene, "Planning", "InProgress");

    private static async Task MoveAsync(JobScene scene, string from, string to)
    {
        var moved = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/status",
            new Dictionary<string, string> { ["from"] = from, ["to"] = to });
        Assert.Equal(to, (await moved.FragmentAsync()).QuerySelector("[data-job-status]")!.GetAttribute("data-job-status"));
    }

    private async Task<EmailMessage> MailAsync(string to, string template)
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.AsNoTracking().SingleAsync(m => m.To == to && m.Template == template);
    }

    private async Task<int> CountMailsAsync(string to, string template)
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.CountAsync(m => m.To == to && m.Template == template);
    }

    private async Task<List<NotificationPreference>> PreferencesAsync(Guid workspaceId)
    {
        await using var db = app.Database.NewContext();
        return await db.NotificationPreferences.IgnoreQueryFilters().AsNoTracking().Where(p => p.WorkspaceId == workspaceId).ToListAsync();
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var db = app.Database.NewContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}

[Collection(SharedApps.SqliteAdmin1)]
public sealed class NotificationTestsOnSqlite(AdminApp app) : NotificationTests<AdminApp>(app);

[Collection(SharedApps.PostgresAdmin1)]
public sealed class NotificationTestsOnPostgres(PostgresAdminApp app) : NotificationTests<PostgresAdminApp>(app);
