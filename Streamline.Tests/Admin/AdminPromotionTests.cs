using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

public abstract class AdminPromotionTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AdminApp
{
    [Fact]
    public async Task A_super_admin_creates_a_promotion_stored_upper_case_with_exact_bonus_credits_and_a_utc_window()
    {
        using var admin = await app.SuperAdminAsync();
        var code = UniqueCode("spring");

        var form = Form(code.ToLowerInvariant(), bonus: "50.5");
        form["Input.Description"] = "Spring bonus";
        form["Input.StartsAt"] = "2026-03-01T09:00";
        form["Input.EndsAt"] = "2026-03-31T23:59";
        form["Input.MaxRedemptions"] = "100";
        form["Input.MaxRedemptionsPerWorkspace"] = "2";

        var response = await admin.PostFormAsync("/admin/promotions/new", form);

        await using var db = app.Database.NewContext();
        var promotion = await db.Promotions.AsNoTracking().SingleAsync(p => p.Code == code);
        response.EnsureRedirect($"/admin/promotions/{promotion.Id}");
        Assert.Equal(("Spring bonus", (int?)null, (long?)50_500), (promotion.Description, promotion.PercentOff, promotion.BonusMillicredits));
        Assert.Equal(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), promotion.StartsAt);
        Assert.Equal(new DateTime(2026, 3, 31, 23, 59, 0, DateTimeKind.Utc), promotion.EndsAt);
        Assert.Equal((100, 2, 0, true), (promotion.MaxRedemptions, promotion.MaxRedemptionsPerWorkspace, promotion.RedemptionCount, promotion.IsActive));

        var list = await admin.GetDocumentAsync("/admin/promotions");
        var row = list.QuerySelector($"#promotions tr[data-code='{code}']")!.TextContent;
        Assert.Contains("+50.5 credits", row);
        Assert.Contains("0 / 100", row);
    }

    [Fact]
    public async Task A_code_already_used_in_any_case_is_refused_with_a_clear_message()
    {
        using var admin = await app.SuperAdminAsync();
        var code = UniqueCode("dup");
        (await admin.PostFormAsync("/admin/promotions/new", Form(code, percent: "10"))).EnsureRedirect();

        var response = await admin.PostFormAsync("/admin/promotions/new", Form(code.ToLowerInvariant(), percent: "20"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Another promotion already uses the code {code}", Error(await AppClient.ParseAsync(response), "Input.Code"));
        await using var db = app.Database.NewContext();
        Assert.Equal(10, (await db.Promotions.SingleAsync(p => p.Code == code)).PercentOff);

        // Renaming another promotion to the code is refused the same way.
        var other = UniqueCode("other");
        (await admin.PostFormAsync("/admin/promotions/new", Form(other, percent: "5"))).EnsureRedirect();
        var otherId = (await db.Promotions.SingleAsync(p => p.Code == other)).Id;
        var rename = await admin.PostFormAsync($"/admin/promotions/{otherId}", Form(code, percent: "5"));
        Assert.Contains("already uses the code", Error(await AppClient.ParseAsync(rename), "Input.Code"));
    }

    [Theory]
    [InlineData("10", "50", null, null, "Input.PercentOff", "not both")]
    [InlineData("", "", null, null, "Input.PercentOff", "either a percent off or bonus credits")]
    [InlineData("101", "", null, null, "Input.PercentOff", "between 1 and 100")]
    [InlineData("0", "", null, null, "Input.PercentOff", "between 1 and 100")]
    [InlineData("", "0", null, null, "Input.BonusCredits", "more than zero")]
    [InlineData("", "1.0005", null, null, "Input.BonusCredits", "at most three decimals")]
    [InlineData("10", "", "2026-04-02T00:00", "2026-04-01T00:00", "Input.EndsAt", "after the start")]
    [InlineData("10", "", "2026-04-01T00:00", "2026-04-01T00:00", "Input.EndsAt", "after the start")]
    [InlineData("10", "", "yesterday", null, "Input.StartsAt", "Enter a date and time")]
    public async Task An_offer_or_window_that_breaks_the_rules_is_refused_and_nothing_is_saved(
        string percent, string bonus, string? starts, string? ends, string field, string message)
    {
        using var admin = await app.SuperAdminAsync();
        var code = UniqueCode("bad");
        var form = Form(code, percent, bonus);
        if (starts is not null) form["Input.StartsAt"] = starts;
        if (ends is not null) form["Input.EndsAt"] = ends;

        var response = await admin.PostFormAsync("/admin/promotions/new", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, Error(await AppClient.ParseAsync(response), field));
        await using var db = app.Database.NewContext();
        Assert.False(await db.Promotions.AnyAsync(p => p.Code == code));
    }

    [Theory]
    [InlineData("Input.Code", "AB", "3–40 letters")]
    [InlineData("Input.Code", "HAS SPACE", "3–40 letters")]
    [InlineData("Input.Code", "ÄPFEL", "3–40 letters")]
    [InlineData("Input.MaxRedemptions", "0", "At least 1")]
    [InlineData("Input.MaxRedemptionsPerWorkspace", "0", "At least 1")]
    public async Task Codes_and_limits_outside_the_rules_are_refused(string field, string value, string message)
    {
        using var admin = await app.SuperAdminAsync();
        var form = Form(UniqueCode("lim"), percent: "10");
        form[field] = value;
        var before = await CountAsync();

        var response = await admin.PostFormAsync("/admin/promotions/new", form);

        Assert.Contains(message, Error(await AppClient.ParseAsync(response), field));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Editing_changes_the_terms_but_keeps_the_redemption_count_and_the_redemptions_are_listed_by_workspace()
    {
        var code = UniqueCode("edit");
        var workspace = await app.NewWorkspaceAsync("Redeeming Bakery");
        Guid id;
        await using (var db = app.Database.NewContext())
        {
            var promotion = new Promotion { Code = code, PercentOff = 15, RedemptionCount = 2, MaxRedemptionsPerWorkspace = 2, CreatedAt = DateTime.UtcNow };
            db.Promotions.Add(promotion);
            db.PromotionRedemptions.Add(new PromotionRedemption
            {
                PromotionId = promotion.Id, WorkspaceId = workspace, Sequence = 1, CheckoutSessionId = Guid.NewGuid(),
                Status = RedemptionStatus.Redeemed, CreatedAt = DateTime.UtcNow.AddHours(-2), RedeemedAt = DateTime.UtcNow.AddHours(-2),
            });
            db.PromotionRedemptions.Add(new PromotionRedemption
            {
                PromotionId = promotion.Id, WorkspaceId = workspace, Sequence = 2, CheckoutSessionId = Guid.NewGuid(), CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            id = promotion.Id;
        }
        using var admin = await app.SuperAdminAsync();

        var page = await admin.GetDocumentAsync($"/admin/promotions/{id}");
        Assert.Contains("Redeemed 2 times", page.QuerySelector("[data-figure='redemptions']")!.TextContent);
        var redemptions = page.QuerySelectorAll("#redemptions tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, redemptions.Count);
        Assert.All(redemptions, r => Assert.Contains("Redeeming Bakery", r));
        Assert.Contains("Checkout open", redemptions[0]);
        Assert.Contains("Redeemed", redemptions[1]);
        Assert.Equal("15", page.QuerySelector("#Input_PercentOff")!.GetAttribute("value"));

        var edit = Form(code, bonus: "25");
        edit["Input.MaxRedemptionsPerWorkspace"] = "3";
        (await admin.PostFormAsync($"/admin/promotions/{id}", edit)).EnsureRedirect($"/admin/promotions/{id}");

        await using var check = app.Database.NewContext();
        var saved = await check.Promotions.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(((int?)null, (long?)25_000, 3, 2), (saved.PercentOff, saved.BonusMillicredits, saved.MaxRedemptionsPerWorkspace, saved.RedemptionCount));
        var entry = await check.AuditEntries.SingleAsync(e => e.Subject == $"promotion:{id}");
        Assert.Equal((Streamline.Core.Audit.AuditAction.PromotionEdited, AdminApp.AdminEmail), (entry.Action, entry.Actor));
        Assert.Contains(code, entry.Summary);
    }

    [Fact]
    public async Task Deactivating_keeps_the_promotion_but_stops_it_in_place_or_after_a_redirect()
    {
        using var admin = await app.SuperAdminAsync();
        var viaForm = UniqueCode("off");
        var viaHtmx = UniqueCode("offhx");
        (await admin.PostFormAsync("/admin/promotions/new", Form(viaForm, percent: "10"))).EnsureRedirect();
        (await admin.PostFormAsync("/admin/promotions/new", Form(viaHtmx, percent: "10"))).EnsureRedirect();
        await using var db = app.Database.NewContext();
        var formId = (await db.Promotions.SingleAsync(p => p.Code == viaForm)).Id;
        var htmxId = (await db.Promotions.SingleAsync(p => p.Code == viaHtmx)).Id;

        var action = (await admin.GetDocumentAsync("/admin/promotions")).QuerySelector($"tr#promotion-{formId} form")!.GetAttribute("action")!;
        (await admin.PostFormAsync("/admin/promotions", new Dictionary<string, string>(), action)).EnsureRedirect("/admin/promotions");

        var token = await admin.AntiforgeryTokenAsync("/admin/promotions");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/promotions?handler=Deactivate&id={htmxId}");
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add("HX-Request", "true");
        // A bare <tr> only parses inside a table, as htmx does for a row target.
        var html = await (await admin.Http.SendAsync(request)).Content.ReadAsStringAsync();
        var row = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<table><tbody>{html}</tbody></table>");
        Assert.Contains("Inactive", row.QuerySelector($"tr#promotion-{htmxId}")!.TextContent);
        Assert.Null(row.QuerySelector($"tr#promotion-{htmxId} form"));

        await using var check = app.Database.NewContext();
        Assert.False((await check.Promotions.SingleAsync(p => p.Id == formId)).IsActive);
        Assert.False((await check.Promotions.SingleAsync(p => p.Id == htmxId)).IsActive);

        var missing = new HttpRequestMessage(HttpMethod.Post, $"/admin/promotions?handler=Deactivate&id={Guid.NewGuid()}");
        missing.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.SendAsync(missing)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/admin/promotions/{Guid.NewGuid()}")).StatusCode);
    }

    private static string UniqueCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    private static Dictionary<string, string> Form(string code, string percent = "", string bonus = "") => new()
    {
        ["Input.Code"] = code,
        ["Input.PercentOff"] = percent,
        ["Input.BonusCredits"] = bonus,
        ["Input.MaxRedemptionsPerWorkspace"] = "1",
        ["Input.IsActive"] = "true",
    };

    private static string Error(AngleSharp.Html.Dom.IHtmlDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent ?? "";

    private async Task<int> CountAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.Promotions.CountAsync();
    }
}

public sealed class AdminPromotionTestsOnSqlite(AdminApp app) : AdminPromotionTests<AdminApp>(app);

public sealed class AdminPromotionTestsOnPostgres(PostgresAdminApp app) : AdminPromotionTests<PostgresAdminApp>(app);
