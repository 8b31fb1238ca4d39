using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Audit;
using Streamline.Core.Billing;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Customers;
using Streamline.Core.Data;
using Streamline.Core.Onboarding;
using Streamline.Core.Widget;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Customers;

public abstract class CustomerTests<TApp>(TApp app) where TApp : AdminApp
{
    [Fact]
    public async Task Search_finds_a_workspace_by_its_name_a_members_email_its_domain_or_its_website_in_any_case()
    {
        var token = Token();
        var byName = await app.NewWorkspaceAsync($"Bakery {token}");
        var (byEmail, _) = await RegisteredAsync($"owner@{token}-mail.example");
        var byWebsite = await app.NewWorkspaceAsync("Plain name");
        await using (var db = app.Database.NewContext())
        {
            db.BusinessProfiles.Add(new BusinessProfile { WorkspaceId = byWebsite, Website = $"https://www.{token}-site.example" });
            await db.SaveChangesAsync();
        }
        using var admin = await app.SuperAdminAsync();

        Assert.Equal([byName], await FoundAsync(admin, $"q=BAKERY%20{token}"));
        Assert.Equal([byEmail], await FoundAsync(admin, $"q=OWNER@{token}"));
        Assert.Equal([byEmail], await FoundAsync(admin, $"q={token}-MAIL.example"));
        Assert.Equal([byWebsite], await FoundAsync(admin, $"q={token}-site"));
        Assert.Equal(3, (await FoundAsync(admin, $"q={token}")).Count);
    }

    [Fact]
    public async Task Filters_narrow_by_plan_status_signup_date_last_activity_and_balance()
    {
        var token = Token();
        var rich = await app.NewWorkspaceAsync($"Rich {token}");
        var poor = await app.NewWorkspaceAsync($"Poor {token}");
        var old = await app.NewWorkspaceAsync($"Old {token}");
        await GrantAsync(rich, 500_000);
        await GrantAsync(poor, 2_000);
        await using (var db = app.Database.NewContext())
        {
            db.BillingSubscriptions.Add(new BillingSubscription
            {
                WorkspaceId = rich, StripeSubscriptionId = $"sub_{token}", PackageCode = "pro", Status = "active",
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, LastEventAt = DateTime.UtcNow,
            });
            db.WorkspaceSuspensions.Add(new WorkspaceSuspension { WorkspaceId = poor, SuspendedAt = DateTime.UtcNow, Reason = "test" });
            await db.SaveChangesAsync();
            await db.Workspaces.Where(w => w.Id == old).ExecuteUpdateAsync(s => s.SetProperty(w => w.CreatedAt, new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc)));
        }
        using var admin = await app.SuperAdminAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var q = $"q={token}";

        Assert.Equal([rich], await FoundAsync(admin, $"{q}&Plan=pro"));
        Assert.Equal([old, poor], Sorted(await FoundAsync(admin, $"{q}&Plan=none"), old, poor));
        Assert.Equal([poor], await FoundAsync(admin, $"{q}&Status=Suspended"));
        Assert.Equal(2, (await FoundAsync(admin, $"{q}&Status=Active")).Count);
        Assert.Equal([old], await FoundAsync(admin, $"{q}&SignedUpFrom=2024-04-01&SignedUpTo=2024-05-01"));
        Assert.Equal(2, (await FoundAsync(admin, $"{q}&SignedUpFrom={today}")).Count);
        Assert.Equal(2, (await FoundAsync(admin, $"{q}&ActiveSince={today}")).Count);
        Assert.Empty(await FoundAsync(admin, $"{q}&ActiveSince={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}"));
        Assert.Equal([rich], await FoundAsync(admin, $"{q}&MinBalance=100"));
        Assert.Equal([old, poor], Sorted(await FoundAsync(admin, $"{q}&MaxBalance=2"), old, poor));
        Assert.Equal([poor], await FoundAsync(admin, $"{q}&MinBalance=1.5&MaxBalance=2"));
    }

    [Fact]
    public async Task Malformed_filters_show_a_message_not_an_error()
    {
        using var admin = await app.SuperAdminAsync();

        var response = await admin.Http.GetAsync("/admin/customers?MinBalance=lots&Status=Sleeping&SignedUpFrom=soon");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("Enter a balance in credits", page.QuerySelector(".validation-summary-errors")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("#customers tbody tr"));
    }

    [Fact]
    public async Task The_support_view_shows_members_wallet_usage_and_api_keys_by_name_only()
    {
        var (workspace, email) = await RegisteredAsync($"support-{Token()}@example.test");
        await GrantAsync(workspace, 10_000);
        var key = await app.WithScopeAsync(sp => sp.GetRequiredService<ApiKeyService>().CreateAsync(workspace, "Zapier link", ApiKey.AllScopes, null));
        const string credentials = "ciphertext that must never be shown";
        await using (var db = app.Database.NewContext())
        {
            var channel = new MessagingChannel
            {
                WorkspaceId = workspace, Channel = ConversationChannel.Telegram, Name = "Support bot", RouteKey = $"route-{Token()}",
                CredentialsCiphertext = credentials, Connection = ChannelConnection.Connected, ConnectedAt = DateTime.UtcNow,
            };
            db.MessagingChannels.Add(channel);
            db.ChannelHealth.Add(new ChannelHealthRecord { ChannelId = channel.Id, WorkspaceId = workspace, Trouble = ChannelTrouble.TokenExpired });
            await db.SaveChangesAsync();
        }
        using var admin = await app.SuperAdminAsync();

        var page = await admin.GetDocumentAsync($"/admin/customers/{workspace}");

        Assert.Contains(email, page.QuerySelector("#members")!.TextContent);
        Assert.Contains("10 credits", page.QuerySelector("#glance")!.TextContent);
        Assert.Contains("Zapier link", page.QuerySelector("#api-keys")!.TextContent);
        Assert.DoesNotContain(key.Plaintext, page.Source.Text);
        Assert.DoesNotContain(key.Key.Prefix, page.QuerySelector("#api-keys")!.TextContent);
        Assert.Equal(CustomerDirectory.UsageMonths, page.QuerySelectorAll("#usage tbody tr").Length);
        var channels = page.QuerySelector("#channels")!.TextContent;
        Assert.Contains("Support bot", channels);
        Assert.Contains("Telegram · connected", channels);
        Assert.Contains("token refused", channels);
        Assert.DoesNotContain(credentials, page.Source.Text);
        Assert.Equal("0", page.QuerySelector("#glance [data-figure='conversations']")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/admin/customers/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_suspended_workspace_signs_in_to_a_banner_while_its_widget_is_unavailable_and_its_api_answers_403()
    {
        var (workspace, email) = await RegisteredAsync($"suspend-{Token()}@example.test");
        await GrantAsync(workspace, 10_000);
        var widgetKey = await WidgetAsync(workspace);
        var apiKey = (await app.WithScopeAsync(sp => sp.GetRequiredService<ApiKeyService>().CreateAsync(workspace, "Robot", ApiKey.AllScopes, null))).Plaintext;
        using var visitor = app.NewClient();
        var visitorToken = await StartChatAsync(visitor, widgetKey);
        using var admin = await app.SuperAdminAsync();

        (await admin.PostFormAsync($"/admin/customers/{workspace}", new Dictionary<string, string> { ["Reason"] = "Unpaid invoices" },
            $"/admin/customers/{workspace}?handler=Suspend")).EnsureRedirect();

        // Sign-in works and every page says why.
        using var member = app.NewClient();
        (await member.LoginAsync(email)).EnsureRedirect("/app");
        Assert.Contains("suspended", (await member.GetDocumentAsync("/app")).QuerySelector("#suspended-banner")!.TextContent);

        // The widget answers politely and starts nothing.
        var start = await visitor.Http.PostAsync($"/chat/{widgetKey}/start", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, start.StatusCode);
        Assert.Contains(CustomerService.UnavailableToVisitors, await start.Content.ReadAsStringAsync());
        var message = new HttpRequestMessage(HttpMethod.Post, $"/chat/{widgetKey}/messages")
        {
            Content = new MultipartFormDataContent { { new StringContent("Hello?"), "text" } },
        };
        message.Headers.Add("X-Visitor-Token", visitorToken);
        var sent = await visitor.Http.SendAsync(message);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sent.StatusCode);
        Assert.Contains(CustomerService.UnavailableToVisitors, await sent.Content.ReadAsStringAsync());
        Assert.Contains(CustomerService.UnavailableToVisitors, (await visitor.GetDocumentAsync($"/chat/{widgetKey}")).Body!.TextContent);

        // The API refuses with a problem type a client can switch on, and spends nothing.
        var api = await ConsumeAsync(apiKey);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        using (var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync()))
            Assert.EndsWith("/workspace-suspended", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(10_000, await BalanceAsync(workspace));

        (await admin.PostFormAsync($"/admin/customers/{workspace}", new Dictionary<string, string>(),
            $"/admin/customers/{workspace}?handler=Reactivate")).EnsureRedirect();
        Assert.Equal(HttpStatusCode.Created, (await ConsumeAsync(apiKey)).StatusCode);
        Assert.Null((await member.GetDocumentAsync("/app")).QuerySelector("#suspended-banner"));

        await using var db = app.Database.NewContext();
        var entries = await db.AuditEntries.Where(e => e.WorkspaceId == workspace && e.Action != AuditAction.ApiKeyCreated).OrderBy(e => e.CreatedAt).ToListAsync();
        Assert.Equal([AuditAction.WorkspaceSuspended, AuditAction.WorkspaceReactivated], entries.Select(e => e.Action));
        Assert.Contains("Unpaid invoices", entries[0].Summary);
    }

    [Fact]
    public async Task Suspending_needs_a_reason_and_stores_nothing_without_one()
    {
        var workspace = await app.NewWorkspaceAsync();
        using var admin = await app.SuperAdminAsync();

        var response = await admin.PostFormAsync($"/admin/customers/{workspace}", new Dictionary<string, string> { ["Reason"] = " " },
            $"/admin/customers/{workspace}?handler=Suspend");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Give a reason", (await AppClient.ParseAsync(response)).QuerySelector("#suspension-card")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.False(await db.WorkspaceSuspensions.AnyAsync(s => s.WorkspaceId == workspace));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.WorkspaceId == workspace));
    }

    [Fact]
    public async Task A_super_admin_grants_and_revokes_the_admin_role_and_a_plain_admin_cannot()
    {
        var (workspace, email) = await RegisteredAsync($"staff-{Token()}@example.test");
        var userId = await UserIdAsync(email);
        using var admin = await app.SuperAdminAsync();

        (await RoleAsync(admin, workspace, userId, Roles.Admin, grant: true)).EnsureRedirect();
        Assert.True(await InRoleAsync(userId, Roles.Admin));
        using var plain = await app.PlainAdminAsync();
        var refused = await RoleAsync(plain, workspace, userId, Roles.Admin, grant: false);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
            || refused.Headers.Location?.OriginalString.Contains("/Identity/Account/AccessDenied") == true, $"{(int)refused.StatusCode}");
        Assert.True(await InRoleAsync(userId, Roles.Admin));
        (await RoleAsync(admin, workspace, userId, Roles.Admin, grant: false)).EnsureRedirect();
        Assert.False(await InRoleAsync(userId, Roles.Admin));

        await using var db = app.Database.NewContext();
        var entries = await db.AuditEntries.Where(e => e.Subject == $"user:{userId}").OrderBy(e => e.CreatedAt).ToListAsync();
        Assert.Equal([AuditAction.RoleGranted, AuditAction.RoleRevoked], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AdminApp.AdminEmail, e.Actor));
    }

    [Fact]
    public async Task The_last_super_admin_cannot_be_removed()
    {
        var rootId = await UserIdAsync(AdminApp.AdminEmail);
        await using var db = app.Database.NewContext();
        var rootWorkspace = await db.WorkspaceMembers.Where(m => m.UserId == rootId).Select(m => m.WorkspaceId).FirstAsync();
        using var admin = await app.SuperAdminAsync();

        var response = await RoleAsync(admin, rootWorkspace, rootId, Roles.SuperAdmin, grant: false);

        response.EnsureRedirect();
        Assert.True(await InRoleAsync(rootId, Roles.SuperAdmin));
        Assert.Contains("last SuperAdmin", (await admin.GetDocumentAsync($"/admin/customers/{rootWorkspace}")).QuerySelector(".alert-success")!.TextContent);
    }

    [Fact]
    public async Task A_workspace_member_is_denied_every_customers_audit_and_finance_page_and_action_and_nothing_changes()
    {
        var workspace = await app.NewWorkspaceAsync();
        var (member, email) = await AppClient.SignedInUserAsync(app);
        var memberId = await UserIdAsync(email);
        var token = await member.AntiforgeryTokenAsync("/app");

        foreach (var url in new[]
                 {
                     "/admin/customers", "/admin/customers?q=a", $"/admin/customers/{workspace}", "/admin/audit", "/admin/audit?handler=Csv",
                     "/admin/finance", "/admin/finance?handler=Csv",
                 })
            AssertDenied(await member.Http.GetAsync(url), $"GET {url}");
        foreach (var (url, form) in new (string, Dictionary<string, string>)[]
                 {
                     ($"/admin/customers/{workspace}?handler=Suspend", new() { ["Reason"] = "mine now" }),
                     ($"/admin/customers/{workspace}?handler=Reactivate", new()),
                     ($"/admin/customers/{workspace}?handler=Role", new() { ["userId"] = memberId.ToString(), ["role"] = Roles.SuperAdmin, ["grant"] = "true" }),
                 })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("RequestVerificationToken", token);
            AssertDenied(await member.Http.SendAsync(request), $"POST {url}");
        }

        await using var db = app.Database.NewContext();
        Assert.False(await db.WorkspaceSuspensions.AnyAsync(s => s.WorkspaceId == workspace));
        Assert.False(await InRoleAsync(memberId, Roles.SuperAdmin));
    }

    private static void AssertDenied(HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Identity/Account/AccessDenied")),
            $"{what} answered {(int)response.StatusCode} {response.Headers.Location}");

    private static string Token() => Guid.NewGuid().ToString("N")[..10];

    private static List<Guid> Sorted(List<Guid> found, params Guid[] order) => [.. found.OrderBy(id => Array.IndexOf(order, id))];

    private static async Task<List<Guid>> FoundAsync(AppClient admin, string query)
    {
        var page = await admin.GetDocumentAsync($"/admin/customers?{query}");
        return page.QuerySelectorAll("#customers tbody tr").Select(r => Guid.Parse(r.GetAttribute("data-workspace")!)).ToList();
    }

    private async Task<(Guid Workspace, string Email)> RegisteredAsync(string email)
    {
        using var client = app.NewClient();
        (await client.RegisterAsync(email)).EnsureRedirect();
        (await client.ConfirmFromOutboxAsync(email)).EnsureSuccessStatusCode();
        var userId = await UserIdAsync(email);
        await using var db = app.Database.NewContext();
        return (await db.WorkspaceMembers.Where(m => m.UserId == userId).Select(m => m.WorkspaceId).SingleAsync(), email);
    }

    private Task<HttpResponseMessage> RoleAsync(AppClient client, Guid workspace, Guid userId, string role, bool grant) =>
        client.AntiforgeryTokenAsync("/app").ContinueWith(t => client.Http.PostAsync($"/admin/customers/{workspace}?handler=Role",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = t.Result, ["userId"] = userId.ToString(), ["role"] = role, ["grant"] = grant ? "true" : "false",
            }))).Unwrap();

    private async Task<string> WidgetAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        var settings = new WidgetSettings { WorkspaceId = workspace, PublicKey = WidgetKey.New(), KeyRotatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.WidgetSettings.Add(settings);
        await db.SaveChangesAsync();
        return settings.PublicKey;
    }

    private static async Task<string> StartChatAsync(AppClient visitor, string widgetKey)
    {
        var response = await visitor.Http.PostAsync($"/chat/{widgetKey}/start", null);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> ConsumeAsync(string apiKey)
    {
        using var client = app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/credits/consume")
        {
            Content = new StringContent("""{"amount_millicredits": 1000, "description": "test"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.Http.SendAsync(request);
    }

    private Task<CreditResult> GrantAsync(Guid workspace, long amount) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .GrantAsync(workspace, amount, LedgerEntryType.AdminGrant, "test grant", $"test-grant:{Guid.NewGuid()}", null, null));

    private async Task<long?> BalanceAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => (long?)w.BalanceMillicredits).SingleOrDefaultAsync();
    }

    private Task<Guid> UserIdAsync(string email) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().FindByEmailAsync(email))!.Id);

    private Task<bool> InRoleAsync(Guid userId, string role) =>
        app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            return await users.IsInRoleAsync((await users.FindByIdAsync(userId.ToString()))!, role);
        });
}

[Collection(SharedApps.SqliteAdmin2)]
public sealed class CustomerTestsOnSqlite(AdminApp app) : CustomerTests<AdminApp>(app);

[Collection(SharedApps.PostgresAdmin1)]
public sealed class CustomerTestsOnPostgres(PostgresAdminApp app) : CustomerTests<PostgresAdminApp>(app);
