using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

/// <summary>Who may open the credit back office: every page and every POST handler, called directly.</summary>
public sealed class AdminAccessTests(AdminApp app) : IClassFixture<AdminApp>
{
    private static readonly Guid StarterPackage = Guid.Parse("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e01");

    [Fact]
    public async Task A_workspace_member_is_denied_every_admin_credit_page_and_action_and_nothing_changes()
    {
        var workspace = await app.NewWorkspaceAsync();
        var promotion = await NewPromotionAsync();
        var (member, _) = await AppClient.SignedInUserAsync(app);
        var token = await member.AntiforgeryTokenAsync("/app");

        foreach (var url in CreditPages(workspace).Concat(SuperAdminPages(promotion)))
            AssertDenied(await member.Http.GetAsync(url), $"GET {url}");
        foreach (var (url, form) in CreditActions(workspace).Concat(SuperAdminActions(promotion)))
        {
            AssertDenied(await PostAsync(member, url, form, token, htmx: false), $"POST {url}");
            AssertDenied(await PostAsync(member, url, form, token, htmx: true), $"htmx POST {url}");
        }

        await using var db = app.Database.NewContext();
        Assert.False(await db.Wallets.IgnoreQueryFilters().AnyAsync(w => w.WorkspaceId == workspace));
        Assert.True((await db.Promotions.SingleAsync(p => p.Id == promotion)).IsActive);
        Assert.Equal(1_999, (await db.CreditPackages.SingleAsync(p => p.Id == StarterPackage)).PriceCents);
    }

    [Fact]
    public async Task A_plain_admin_works_with_credits_but_is_denied_packages_and_promotions()
    {
        var workspace = await app.NewWorkspaceAsync();
        var promotion = await NewPromotionAsync();
        using var admin = await app.PlainAdminAsync();
        var token = await admin.AntiforgeryTokenAsync("/admin/credits");

        foreach (var url in CreditPages(workspace))
            Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync(url)).StatusCode);
        foreach (var url in SuperAdminPages(promotion))
            AssertDenied(await admin.Http.GetAsync(url), $"GET {url}");
        foreach (var (url, form) in SuperAdminActions(promotion))
            AssertDenied(await PostAsync(admin, url, form, token, htmx: false), $"POST {url}");

        var nav = (await admin.GetDocumentAsync("/admin/credits")).QuerySelector("#app-sidebar")!;
        Assert.NotNull(nav.QuerySelector("a[href='/admin/credits']"));
        Assert.Null(nav.QuerySelector("a[href='/admin/packages']"));
        Assert.Null(nav.QuerySelector("a[href='/admin/promotions']"));

        using var superAdmin = await app.SuperAdminAsync();
        var superNav = (await superAdmin.GetDocumentAsync("/admin/credits")).QuerySelector("#app-sidebar")!;
        Assert.NotNull(superNav.QuerySelector("a[href='/admin/packages']"));
        Assert.NotNull(superNav.QuerySelector("a[href='/admin/promotions']"));

        await using var db = app.Database.NewContext();
        Assert.True((await db.Promotions.SingleAsync(p => p.Id == promotion)).IsActive);
        Assert.Equal(1_999, (await db.CreditPackages.SingleAsync(p => p.Id == StarterPackage)).PriceCents);
    }

    private static string[] CreditPages(Guid workspace) =>
        ["/admin/credits", "/admin/credits?handler=Workspaces&q=a", $"/admin/credits/{workspace}", "/admin/billing/events"];

    private static string[] SuperAdminPages(Guid promotion) =>
        ["/admin/packages", $"/admin/packages/{StarterPackage}", "/admin/promotions", "/admin/promotions/new", $"/admin/promotions/{promotion}"];

    private static (string Url, Dictionary<string, string> Form)[] CreditActions(Guid workspace) =>
    [
        ($"/admin/credits/{workspace}?handler=Adjust", new()
        {
            ["Input.Nonce"] = Guid.NewGuid().ToString("N"), ["Input.Direction"] = "Add", ["Input.Amount"] = "1000", ["Input.Reason"] = "free money",
        }),
        ($"/admin/credits/{workspace}?handler=Pause", new()),
        ($"/admin/credits/{workspace}?handler=Resume", new()),
    ];

    private static (string Url, Dictionary<string, string> Form)[] SuperAdminActions(Guid promotion) =>
    [
        ($"/admin/packages/{StarterPackage}", new()
        {
            ["Input.Name"] = "Starter", ["Input.Price"] = "0.01", ["Input.Credits"] = "200", ["Input.IsActive"] = "true", ["Input.SortOrder"] = "10",
        }),
        ("/admin/promotions/new", new() { ["Input.Code"] = $"FREE{Guid.NewGuid():N}"[..20], ["Input.PercentOff"] = "100", ["Input.MaxRedemptionsPerWorkspace"] = "1" }),
        ($"/admin/promotions/{promotion}", new() { ["Input.Code"] = "HACKED", ["Input.PercentOff"] = "100", ["Input.MaxRedemptionsPerWorkspace"] = "1" }),
        ($"/admin/promotions?handler=Deactivate&id={promotion}", new()),
    ];

    private static Task<HttpResponseMessage> PostAsync(AppClient client, string url, Dictionary<string, string> form, string token, bool htmx)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("RequestVerificationToken", token);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return client.Http.SendAsync(request);
    }

    /// <summary>The app's answer to a signed-in user without the role: 403, or the cookie handler's redirect to Access denied.</summary>
    private static void AssertDenied(HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Identity/Account/AccessDenied")),
            $"{what} answered {(int)response.StatusCode} {response.Headers.Location}");

    private async Task<Guid> NewPromotionAsync()
    {
        await using var db = app.Database.NewContext();
        var promotion = new Promotion { Code = $"ACCESS-{Guid.NewGuid():N}"[..20].ToUpperInvariant(), PercentOff = 10, CreatedAt = DateTime.UtcNow };
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync();
        return promotion.Id;
    }
}
