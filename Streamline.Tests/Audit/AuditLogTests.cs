using System.Data.Common;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Audit;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Audit;

public abstract class AuditLogTests<TApp>(TApp app) where TApp : AdminApp
{
    [Fact]
    public async Task Adding_and_removing_credits_each_write_one_entry_naming_the_admin_and_the_workspace()
    {
        var workspace = await app.NewWorkspaceAsync("Audit Adjust");
        using var admin = await app.SuperAdminAsync();

        (await AdjustAsync(admin, workspace, "Add", "10", "Goodwill")).EnsureRedirect();
        (await AdjustAsync(admin, workspace, "Remove", "2.5", "Charged twice")).EnsureRedirect();

        var entries = await EntriesAsync(e => e.WorkspaceId == workspace);
        Assert.Equal([AuditAction.CreditsAdded, AuditAction.CreditsRemoved], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AdminApp.AdminEmail, e.Actor));
        Assert.All(entries, e => Assert.Equal(AdminId(), e.ActorUserId));
        Assert.Equal("Added 10 credits: Goodwill", entries[0].Summary);
        Assert.Equal("Removed 2.5 credits: Charged twice", entries[1].Summary);
    }

    [Fact]
    public async Task A_refused_removal_and_a_repeated_form_write_no_extra_entry()
    {
        var workspace = await app.NewWorkspaceAsync();
        using var admin = await app.SuperAdminAsync();

        // More than the balance: refused, so nothing happened and nothing is recorded.
        var refused = await AdjustAsync(admin, workspace, "Remove", "5", "Too much");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Empty(await EntriesAsync(e => e.WorkspaceId == workspace));

        var fields = await AdjustFormAsync(admin, workspace, "Add", "3", "Once");
        foreach (var response in await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAdjustAsync(admin, workspace, fields))))
            response.EnsureRedirect();

        Assert.Equal([AuditAction.CreditsAdded], (await EntriesAsync(e => e.WorkspaceId == workspace)).Select(e => e.Action));
    }

    [Fact]
    public async Task Pausing_and_resuming_credit_use_are_recorded()
    {
        var workspace = await app.NewWorkspaceAsync("Audit Pause");
        using var admin = await app.SuperAdminAsync();

        (await admin.PostFormAsync($"/admin/credits/{workspace}", new Dictionary<string, string>(), $"/admin/credits/{workspace}?handler=Pause")).EnsureRedirect();
        (await admin.PostFormAsync($"/admin/credits/{workspace}", new Dictionary<string, string>(), $"/admin/credits/{workspace}?handler=Resume")).EnsureRedirect();

        var entries = await EntriesAsync(e => e.WorkspaceId == workspace);
        Assert.Equal([AuditAction.WalletPaused, AuditAction.WalletResumed], entries.Select(e => e.Action));
        Assert.Contains("Audit Pause", entries[0].Summary);
    }

    [Fact]
    public async Task Creating_and_deactivating_a_promotion_are_recorded_with_its_code()
    {
        using var admin = await app.SuperAdminAsync();
        var code = "AUDIT" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        (await admin.PostFormAsync("/admin/promotions/new", new Dictionary<string, string>
        {
            ["Input.Code"] = code, ["Input.PercentOff"] = "15", ["Input.BonusCredits"] = "", ["Input.MaxRedemptionsPerWorkspace"] = "1",
            ["Input.IsActive"] = "true",
        })).EnsureRedirect();
        await using var db = app.Database.NewContext();
        var id = (await db.Promotions.SingleAsync(p => p.Code == code)).Id;
        (await PostAsync(admin, "/admin/promotions", $"/admin/promotions?handler=Deactivate&id={id}")).EnsureRedirect();

        var entries = await EntriesAsync(e => e.Subject == $"promotion:{id}");
        Assert.Equal([AuditAction.PromotionCreated, AuditAction.PromotionDeactivated], entries.Select(e => e.Action));
        Assert.Contains($"{code}: 15% off", entries[0].Summary);
    }

    [Fact]
    public async Task Retrying_a_stuck_stripe_event_is_recorded_with_the_reset()
    {
        var id = $"evt_audit_{Guid.NewGuid():N}";
        await using (var db = app.Database.NewContext())
        {
            db.StripeEvents.Add(new StripeEventRecord
            {
                Id = id, Type = "invoice.paid", Payload = "{}", ReceivedAt = DateTime.UtcNow, Attempts = ApplyStripeEvent.MaxAttempts,
            });
            await db.SaveChangesAsync();
        }
        using var admin = await app.SuperAdminAsync();

        (await PostAsync(admin, "/admin/billing/events", $"/admin/billing/events?handler=Retry&id={id}")).EnsureRedirect();
        // A second press finds nothing stuck: nothing more is recorded.
        (await PostAsync(admin, "/admin/billing/events", $"/admin/billing/events?handler=Retry&id={id}")).EnsureRedirect();

        var entry = Assert.Single(await EntriesAsync(e => e.Subject == $"stripe-event:{id}"));
        Assert.Equal(AuditAction.StripeEventRetried, entry.Action);
        Assert.Contains("invoice.paid", entry.Summary);
    }

    [Fact]
    public async Task Wrong_passwords_are_recorded_and_the_fifth_records_the_lockout()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        using var stranger = app.NewClient();

        for (var i = 0; i < 5; i++) await stranger.LoginAsync(email, "not the password");

        var entries = await EntriesAsync(e => e.Actor == email);
        Assert.Equal(5, entries.Count(e => e.Action == AuditAction.SignInFailed));
        Assert.Equal(AuditAction.LockedOut, Assert.Single(entries, e => e.Action == AuditAction.LockedOut).Action);
        Assert.All(entries, e => Assert.NotNull(e.ActorUserId));
    }

    [Fact]
    public async Task A_sign_in_for_an_unknown_email_is_recorded_as_anonymous()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.test";
        using var stranger = app.NewClient();

        await stranger.LoginAsync(email, "whatever it is");

        var entry = Assert.Single(await EntriesAsync(e => e.Summary.Contains(email)));
        Assert.Equal((AuditAction.SignInFailed, "anonymous", (Guid?)null), (entry.Action, entry.Actor, entry.ActorUserId));
    }

    [Fact]
    public async Task Two_factor_changes_are_recorded_by_the_user_manager_with_the_save()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);

        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
            Assert.NotNull(await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10));
            Assert.True((await users.SetTwoFactorEnabledAsync(user, false)).Succeeded);
            return true;
        });

        Assert.Equal(
            [AuditAction.AuthenticatorReset, AuditAction.TwoFactorEnabled, AuditAction.RecoveryCodesGenerated, AuditAction.TwoFactorDisabled],
            (await EntriesAsync(e => e.Actor == email)).Select(e => e.Action));
    }

    [Fact]
    public async Task Creating_and_revoking_an_api_key_are_recorded_for_the_workspace()
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app);
        (await owner.PostFormAsync("/api-keys", new Dictionary<string, string>
        {
            ["Input.Name"] = "Billing robot", ["Input.Scopes"] = ApiKey.AllScopes[0],
        }, "/api-keys?handler=Create")).EnsureSuccessStatusCode();
        await using var db = app.Database.NewContext();
        var key = await db.ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Name == "Billing robot" && k.CreatedByUserId == UserId(email));
        (await PostAsync(owner, "/api-keys", $"/api-keys?handler=Revoke&id={key.Id}")).EnsureRedirect();

        var entries = await EntriesAsync(e => e.Actor == email);
        Assert.Equal([AuditAction.ApiKeyCreated, AuditAction.ApiKeyRevoked], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(key.WorkspaceId, e.WorkspaceId));
        Assert.Contains("Billing robot", entries[1].Summary);
    }

    [Fact]
    public async Task A_dispute_decision_is_recorded_once_with_its_refund_and_a_second_decision_is_not()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        var userId = UserId(email);
        Guid workspace, dispute;
        await using (var db = app.Database.NewContext())
            workspace = await db.WorkspaceMembers.Where(m => m.UserId == userId).Select(m => m.WorkspaceId).SingleAsync();
        var debit = await app.WithScopeAsync(async sp =>
        {
            var credits = sp.GetRequiredService<CreditService>();
            await credits.GrantAsync(workspace, 20_000, LedgerEntryType.Purchase, "20 credits", $"t:{Guid.NewGuid()}", null, null);
            return (await credits.SpendAsync(workspace, 5_000, LedgerEntryType.Consumption, "Render", $"t:{Guid.NewGuid()}", null, null)).EntryId!.Value;
        });
        var links = new Streamline.Core.Credits.Disputes.DisputeLinks("https://app.test/credits/disputes", id => $"https://app.test/admin/disputes/{id}");
        dispute = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<Streamline.Core.Credits.Disputes.CreditDisputeService>().SubmitAsync(
            workspace, userId, new(debit, Streamline.Core.Credits.Disputes.DisputeReason.ServiceNotDelivered, "Never arrived", 5_000), links)).Dispute!.Id);
        using var admin = await app.SuperAdminAsync();

        var fields = new Dictionary<string, string> { ["Resolve.RefundCredits"] = "5", ["Resolve.Note"] = "Sorry" };
        (await admin.PostFormAsync($"/admin/disputes/{dispute}", fields, $"/admin/disputes/{dispute}/Resolve")).EnsureRedirect();
        var again = await admin.Http.PostAsync($"/admin/disputes/{dispute}/Reject", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await admin.AntiforgeryTokenAsync($"/admin/disputes/{dispute}"), ["Reject.Note"] = "Too late",
        }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var entry = Assert.Single(await EntriesAsync(e => e.Subject == $"dispute:{dispute}"));
        Assert.Equal((AuditAction.DisputeResolved, workspace), (entry.Action, entry.WorkspaceId));
        Assert.Contains("refunding 5 credits: Sorry", entry.Summary);
    }

    [Fact]
    public async Task Entries_cannot_be_changed_or_deleted_by_the_app_or_the_database()
    {
        var workspace = await app.NewWorkspaceAsync();
        using var admin = await app.SuperAdminAsync();
        (await AdjustAsync(admin, workspace, "Add", "1", "Immutable")).EnsureRedirect();

        await using (var db = app.Database.NewContext())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.WorkspaceId == workspace);
            entry.Summary = "Nothing happened";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = app.Database.NewContext())
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(e => e.WorkspaceId == workspace));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = app.Database.NewContext())
        {
            var update = await Assert.ThrowsAnyAsync<DbException>(() => db.AuditEntries.Where(e => e.WorkspaceId == workspace)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Summary, "Nothing happened")));
            Assert.Contains("append-only", update.Message);
            var delete = await Assert.ThrowsAnyAsync<DbException>(() => db.AuditEntries.Where(e => e.WorkspaceId == workspace).ExecuteDeleteAsync());
            Assert.Contains("append-only", delete.Message);
        }

        var stored = Assert.Single(await EntriesAsync(e => e.WorkspaceId == workspace));
        Assert.Equal("Added 1 credit: Immutable", stored.Summary);
    }

    [Fact]
    public async Task The_log_page_filters_by_workspace_action_actor_and_date_and_exports_the_same_rows_as_csv()
    {
        var name = $"Audit Filter {Guid.NewGuid():N}"[..24];
        var workspace = await app.NewWorkspaceAsync(name);
        using var admin = await app.SuperAdminAsync();
        (await AdjustAsync(admin, workspace, "Add", "4", "=HYPERLINK(\"x\")")).EnsureRedirect();
        (await admin.PostFormAsync($"/admin/credits/{workspace}", new Dictionary<string, string>(), $"/admin/credits/{workspace}?handler=Pause")).EnsureRedirect();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var workspaceQuery = $"Workspace={Uri.EscapeDataString(name.ToUpperInvariant())}";

        var page = await admin.GetDocumentAsync($"/admin/audit?{workspaceQuery}");
        Assert.Equal(["WalletPaused", "CreditsAdded"], Actions(page));

        Assert.Equal(["CreditsAdded"], Actions(await admin.GetDocumentAsync($"/admin/audit?{workspaceQuery}&Action=CreditsAdded")));
        Assert.Equal(["WalletPaused", "CreditsAdded"], Actions(await admin.GetDocumentAsync($"/admin/audit?{workspaceQuery}&Actor=ROOT@example&From={today}&To={today}")));
        Assert.Empty(Actions(await admin.GetDocumentAsync($"/admin/audit?{workspaceQuery}&Actor=someone-else")));
        Assert.Empty(Actions(await admin.GetDocumentAsync($"/admin/audit?{workspaceQuery}&To=2020-01-01")));

        var csv = await admin.Http.GetAsync($"/admin/audit?handler=Csv&{workspaceQuery}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time_utc,action,actor,workspace_id,workspace,subject,summary", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains($",CreditsAdded,{AdminApp.AdminEmail},{workspace},", lines[1]);
        Assert.EndsWith(",\"Added 4 credits: =HYPERLINK(\"\"x\"\")\"", lines[1]);
        Assert.Contains(",WalletPaused,", lines[2]);
    }

    [Fact]
    public async Task Malformed_filters_are_a_message_on_the_page_and_a_400_for_the_csv_never_a_500()
    {
        using var admin = await app.SuperAdminAsync();

        var page = await admin.Http.GetAsync("/admin/audit?Action=Nonsense&From=yesterday");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(Actions(await AppClient.ParseAsync(page)));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/admin/audit?handler=Csv&From=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/admin/audit?p=-4")).StatusCode);
    }

    [Fact]
    public async Task An_admin_reads_the_log_and_a_customer_cannot()
    {
        using var plainAdmin = await app.PlainAdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await plainAdmin.Http.GetAsync("/admin/audit")).StatusCode);

        var (customer, _) = await AppClient.SignedInUserAsync(app);
        var refused = await customer.Http.GetAsync("/admin/audit?handler=Csv");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("text/csv", refused.Content.Headers.ContentType?.MediaType ?? "");
    }

    /// <summary>A post of a button-only form (no fields but the antiforgery token), as its page would send it.</summary>
    private static async Task<HttpResponseMessage> PostAsync(AppClient client, string pageUrl, string action) =>
        await client.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync(pageUrl),
        }));

    private static string[] Actions(IHtmlDocument page) =>
        page.QuerySelectorAll("#audit-entries tbody tr").Select(r => r.GetAttribute("data-action")!).ToArray();

    private async Task<List<AuditEntry>> EntriesAsync(System.Linq.Expressions.Expression<Func<AuditEntry, bool>> where)
    {
        await using var db = app.Database.NewContext();
        return (await db.AuditEntries.Where(where).ToListAsync()).OrderBy(e => e.CreatedAt).ThenBy(e => e.Action).ToList();
    }

    private Guid AdminId() => UserId(AdminApp.AdminEmail);

    private Guid UserId(string email) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id).GetAwaiter().GetResult();

    private static async Task<Dictionary<string, string>> AdjustFormAsync(AppClient admin, Guid workspace, string direction, string amount, string reason)
    {
        var page = await admin.GetDocumentAsync($"/admin/credits/{workspace}");
        var form = page.QuerySelector<IHtmlFormElement>($"form[action='/admin/credits/{workspace}?handler=Adjust']")!;
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        fields["Input.Direction"] = direction;
        fields["Input.Amount"] = amount;
        fields["Input.Reason"] = reason;
        return fields;
    }

    private static async Task<HttpResponseMessage> AdjustAsync(AppClient admin, Guid workspace, string direction, string amount, string reason) =>
        await PostAdjustAsync(admin, workspace, await AdjustFormAsync(admin, workspace, direction, amount, reason));

    private static Task<HttpResponseMessage> PostAdjustAsync(AppClient admin, Guid workspace, Dictionary<string, string> fields) =>
        admin.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/credits/{workspace}?handler=Adjust") { Content = new FormUrlEncodedContent(fields) });
}

[Collection(SharedApps.SqliteAdmin1)]
public sealed class AuditLogTestsOnSqlite(AdminApp app) : AuditLogTests<AdminApp>(app);

[Collection(SharedApps.PostgresAdmin1)]
public sealed class AuditLogTestsOnPostgres(PostgresAdminApp app) : AuditLogTests<PostgresAdminApp>(app);
