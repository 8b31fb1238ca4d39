using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

public abstract class AdminCreditsTests<TApp>(TApp app) where TApp : AdminApp
{
    private const long Credit = 1_000;

    [Fact]
    public async Task An_admin_adds_credits_with_a_reason_and_the_ledger_names_the_admin()
    {
        var workspace = await app.NewWorkspaceAsync("Acme Adjust");
        using var admin = await app.SuperAdminAsync();

        (await AdjustAsync(admin, workspace, "Add", "12.345", "Goodwill for the outage")).EnsureRedirect($"/admin/credits/{workspace}");

        await using var db = app.Database.NewContext();
        var entry = await db.LedgerEntries.IgnoreQueryFilters().SingleAsync(e => e.WorkspaceId == workspace);
        Assert.Equal(LedgerEntryType.AdminGrant, entry.Type);
        Assert.Equal(12_345, entry.AmountMillicredits);
        Assert.Equal("Goodwill for the outage", entry.Reason);
        Assert.Equal(await UserIdAsync(AdminApp.AdminEmail), entry.ActorUserId);
        Assert.Equal(12_345, await BalanceAsync(workspace));

        var page = await admin.GetDocumentAsync($"/admin/credits/{workspace}");
        Assert.Contains("Added 12.345 credits", page.QuerySelector("main .alert-success")!.TextContent);
        Assert.StartsWith("12.345 credits", Figure(page, "balance"));
        var row = page.QuerySelector($"#ledger tr[data-entry='{entry.Id}']")!;
        Assert.Contains("Goodwill for the outage", row.TextContent);
        Assert.Contains(AdminApp.AdminEmail, row.TextContent);
    }

    [Fact]
    public async Task An_admin_removes_credits_as_an_admin_removal_entry()
    {
        var workspace = await app.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);
        using var admin = await app.SuperAdminAsync();

        (await AdjustAsync(admin, workspace, "Remove", "2.5", "Charged twice by mistake")).EnsureRedirect();

        await using var db = app.Database.NewContext();
        var removal = await db.LedgerEntries.IgnoreQueryFilters().SingleAsync(e => e.WorkspaceId == workspace && e.Type == LedgerEntryType.AdminRemoval);
        Assert.Equal(-2_500, removal.AmountMillicredits);
        Assert.Equal(7_500, removal.BalanceAfterMillicredits);
        Assert.Equal(7_500, await BalanceAsync(workspace));
    }

    [Theory]
    [InlineData("5", "", "Give a reason")]
    [InlineData("5", "   ", "Give a reason")]
    [InlineData("", "A reason", "Enter an amount")]
    [InlineData("1.2345", "A reason", "at most three decimals")]
    [InlineData("0", "A reason", "above zero")]
    [InlineData("-5", "A reason", "above zero")]
    [InlineData("1,000", "A reason", "above zero")]
    [InlineData("abc", "A reason", "above zero")]
    public async Task An_adjustment_without_a_reason_or_with_a_malformed_amount_is_refused_and_writes_nothing(string amount, string reason, string message)
    {
        var workspace = await app.NewWorkspaceAsync();
        using var admin = await app.SuperAdminAsync();

        var response = await AdjustAsync(admin, workspace, "Add", amount, reason);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, (await AppClient.ParseAsync(response)).QuerySelector("#adjust-card")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.False(await db.LedgerEntries.IgnoreQueryFilters().AnyAsync(e => e.WorkspaceId == workspace));
        Assert.False(await db.Wallets.IgnoreQueryFilters().AnyAsync(w => w.WorkspaceId == workspace));
    }

    [Fact]
    public async Task Removing_more_than_the_balance_is_refused_with_the_balance_named_and_writes_nothing()
    {
        var workspace = await app.NewWorkspaceAsync();
        await GrantAsync(workspace, 3 * Credit);
        using var admin = await app.SuperAdminAsync();

        var response = await AdjustAsync(admin, workspace, "Remove", "3.001", "Too much");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("holds only 3 credits", (await AppClient.ParseAsync(response)).QuerySelector("#amount-error")!.TextContent);
        Assert.Equal(3 * Credit, await BalanceAsync(workspace));
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.WorkspaceId == workspace));
    }

    [Fact]
    public async Task Submitting_the_same_form_several_times_adds_the_credits_once()
    {
        var workspace = await app.NewWorkspaceAsync();
        using var admin = await app.SuperAdminAsync();
        var fields = await AdjustFormAsync(admin, workspace, "Add", "40", "Welcome bonus");

        (await PostAsync(admin, workspace, fields)).EnsureRedirect();
        (await PostAsync(admin, workspace, fields)).EnsureRedirect();
        foreach (var response in await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(admin, workspace, fields))))
            response.EnsureRedirect();

        Assert.Equal(40 * Credit, await BalanceAsync(workspace));
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.WorkspaceId == workspace));

        // A freshly rendered form is a new action.
        (await AdjustAsync(admin, workspace, "Add", "40", "Welcome bonus")).EnsureRedirect();
        Assert.Equal(80 * Credit, await BalanceAsync(workspace));
    }

    [Fact]
    public async Task Pausing_stops_spending_but_not_an_admin_removal_and_resuming_allows_spending_again()
    {
        var workspace = await app.NewWorkspaceAsync();
        await GrantAsync(workspace, 10 * Credit);
        using var admin = await app.SuperAdminAsync();

        (await admin.PostFormAsync($"/admin/credits/{workspace}", new Dictionary<string, string>(), $"/admin/credits/{workspace}?handler=Pause"))
            .EnsureRedirect($"/admin/credits/{workspace}");
        var paused = await SpendAsync(workspace, Credit);
        Assert.True(paused.Paused);
        Assert.Equal(10 * Credit, await BalanceAsync(workspace));
        var page = await admin.GetDocumentAsync($"/admin/credits/{workspace}");
        Assert.Equal("Paused", Figure(page, "status"));

        // Taking back credits is a correction, not use: it works while paused (that is when it is needed).
        (await AdjustAsync(admin, workspace, "Remove", "4", "Granted by mistake")).EnsureRedirect();
        Assert.Equal(6 * Credit, await BalanceAsync(workspace));
        Assert.True((await SpendAsync(workspace, Credit)).Paused);
        page = await admin.GetDocumentAsync($"/admin/credits/{workspace}");
        Assert.NotNull(page.QuerySelector($"form[action='/admin/credits/{workspace}?handler=Resume']"));

        (await admin.PostFormAsync($"/admin/credits/{workspace}", new Dictionary<string, string>(), $"/admin/credits/{workspace}?handler=Resume"))
            .EnsureRedirect($"/admin/credits/{workspace}");
        var resumed = await SpendAsync(workspace, Credit);
        Assert.True(resumed is { Succeeded: true, BalanceAfter: 5 * Credit });
        Assert.Equal("Active", Figure(await admin.GetDocumentAsync($"/admin/credits/{workspace}"), "status"));
    }

    [Fact]
    public async Task An_htmx_adjustment_answers_a_fresh_form_and_the_new_balance_and_ledger_out_of_band()
    {
        var workspace = await app.NewWorkspaceAsync();
        using var admin = await app.SuperAdminAsync();
        var fields = await AdjustFormAsync(admin, workspace, "Add", "5", "Trial credits");

        var response = await PostAsync(admin, workspace, fields, htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await AppClient.ParseAsync(response);
        Assert.Contains("Added 5 credits", fragment.QuerySelector("#adjust-card .alert-success")!.TextContent);
        var nonce = fragment.QuerySelector<IHtmlInputElement>("#adjust-card input[name='Input.Nonce']")!.Value;
        Assert.NotEqual(fields["Input.Nonce"], nonce);
        var credits = fragment.QuerySelector("#workspace-credits")!;
        Assert.Equal("true", credits.GetAttribute("hx-swap-oob"));
        Assert.StartsWith("5 credits", Figure(fragment, "balance"));
        Assert.Contains("Trial credits", credits.QuerySelector("#ledger")!.TextContent);

        // Refused in place: the form comes back with the message, nothing else.
        var refused = await PostAsync(admin, workspace, await AdjustFormAsync(admin, workspace, "Remove", "6", "Too much"), htmx: true);
        var again = await AppClient.ParseAsync(refused);
        Assert.Contains("holds only 5 credits", again.QuerySelector("#amount-error")!.TextContent);
        Assert.Null(again.QuerySelector("#workspace-credits"));

        // Pause in place answers the balance region with the new status.
        var token = fields["__RequestVerificationToken"];
        var pause = new HttpRequestMessage(HttpMethod.Post, $"/admin/credits/{workspace}?handler=Pause");
        pause.Headers.Add("RequestVerificationToken", token);
        pause.Headers.Add("HX-Request", "true");
        var paused = await AppClient.ParseAsync(await admin.Http.SendAsync(pause));
        Assert.Equal("Paused", Figure(paused, "status"));
        Assert.Null(paused.QuerySelector("#workspace-credits")!.GetAttribute("hx-swap-oob"));
    }

    [Fact]
    public async Task The_workspace_page_shows_totals_the_ledger_newest_first_in_pages_the_subscription_and_payments()
    {
        var workspace = await app.NewWorkspaceAsync("Paged Ledger Co");
        await GrantAsync(workspace, 100 * Credit, LedgerEntryType.Purchase);
        for (var i = 0; i < 55; i++) (await SpendAsync(workspace, Credit)).AssertSucceeded();
        await using (var db = app.Database.NewContext())
        {
            var now = DateTime.UtcNow;
            db.Payments.Add(new Payment
            {
                WorkspaceId = workspace, Kind = PaymentKind.PackPurchase, StripeObjectId = $"cs_test_{Guid.NewGuid():N}",
                PackageCode = "pack-1350", AmountCents = 10_000, RefundedCents = 2_550, CreditsMillicredits = 1_350 * Credit, CreatedAt = now,
            });
            db.BillingSubscriptions.Add(new BillingSubscription
            {
                WorkspaceId = workspace, StripeSubscriptionId = $"sub_{Guid.NewGuid():N}", PackageCode = "professional", Status = "active",
                CurrentPeriodStart = now.Date, CurrentPeriodEnd = now.Date.AddMonths(1), CreatedAt = now, UpdatedAt = now, LastEventAt = now,
            });
            await db.SaveChangesAsync();
        }
        using var admin = await app.SuperAdminAsync();

        var first = await admin.GetDocumentAsync($"/admin/credits/{workspace}");
        Assert.StartsWith("45 credits", Figure(first, "balance"));
        Assert.Contains("$4.50", Figure(first, "balance"));
        Assert.Equal(new[] { "55", "-55" }, Cells(first, "#workspace-totals tr[data-type='Consumption']")[1..]);
        Assert.Equal(new[] { "1", "100" }, Cells(first, "#workspace-totals tr[data-type='Purchase']")[1..]);
        var rows = first.QuerySelectorAll("#ledger tbody tr");
        Assert.Equal(50, rows.Length);
        Assert.Equal("45", rows[0].Children[3].TextContent);
        Assert.Contains("Page 1 of 2", first.QuerySelector("nav[aria-label='Ledger pages']")!.TextContent);
        Assert.Contains("professional", first.QuerySelector("#subscription")!.TextContent);
        var payment = first.QuerySelector("#payments tbody tr")!.TextContent;
        Assert.Contains("$100.00", payment);
        Assert.Contains("$25.50", payment);

        var second = await admin.GetDocumentAsync($"/admin/credits/{workspace}?p=2");
        var older = second.QuerySelectorAll("#ledger tbody tr");
        Assert.Equal(6, older.Length);
        Assert.Equal("Purchase", older[^1].Children[1].TextContent);
    }

    [Fact]
    public async Task A_workspace_that_does_not_exist_is_a_404_for_the_page_and_every_action()
    {
        using var admin = await app.SuperAdminAsync();
        var missing = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/admin/credits/{missing}")).StatusCode);

        var token = await admin.AntiforgeryTokenAsync("/admin/credits");
        foreach (var handler in new[] { "Adjust", "Pause", "Resume" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/credits/{missing}?handler={handler}")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Nonce"] = Guid.NewGuid().ToString("N"), ["Input.Amount"] = "5", ["Input.Reason"] = "r",
                }),
            };
            request.Headers.Add("RequestVerificationToken", token);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.SendAsync(request)).StatusCode);
        }
        await using var db = app.Database.NewContext();
        Assert.False(await db.Wallets.IgnoreQueryFilters().AnyAsync(w => w.WorkspaceId == missing));
    }

    private static string Figure(IHtmlDocument page, string name) =>
        page.QuerySelector($"[data-figure='{name}']")!.TextContent.Trim();

    private static string[] Cells(IHtmlDocument page, string rowSelector) =>
        page.QuerySelector(rowSelector)!.Children.Select(c => c.TextContent.Trim()).ToArray();

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
        await PostAsync(admin, workspace, await AdjustFormAsync(admin, workspace, direction, amount, reason));

    private static Task<HttpResponseMessage> PostAsync(AppClient admin, Guid workspace, Dictionary<string, string> fields, bool htmx = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/credits/{workspace}?handler=Adjust") { Content = new FormUrlEncodedContent(fields) };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return admin.Http.SendAsync(request);
    }

    private Task<CreditResult> GrantAsync(Guid workspace, long amount, LedgerEntryType type = LedgerEntryType.AdminGrant) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .GrantAsync(workspace, amount, type, "test grant", $"test-grant:{Guid.NewGuid()}", null, null));

    private Task<CreditResult> SpendAsync(Guid workspace, long amount) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .SpendAsync(workspace, amount, LedgerEntryType.Consumption, "test spend", $"test-spend:{Guid.NewGuid()}", null, null));

    private async Task<long?> BalanceAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => (long?)w.BalanceMillicredits).SingleOrDefaultAsync();
    }

    private Task<Guid> UserIdAsync(string email) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id);
}

internal static class CreditResultAssertions
{
    public static void AssertSucceeded(this CreditResult result) => Assert.True(result.Succeeded, result.ToString());
}

[Collection(SharedApps.SqliteAdmin2)]
public sealed class AdminCreditsTestsOnSqlite(AdminApp app) : AdminCreditsTests<AdminApp>(app);

[Collection(SharedApps.PostgresAdmin1)]
public sealed class AdminCreditsTestsOnPostgres(PostgresAdminApp app) : AdminCreditsTests<PostgresAdminApp>(app);
