using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

public sealed class AdminPackageTests(AdminApp app) : IClassFixture<AdminApp>
{
    private static readonly Guid Pack550 = Guid.Parse("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e12");
    private static readonly Guid Professional = Guid.Parse("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e02");

    [Fact]
    public async Task The_list_shows_every_seeded_package_with_its_price_and_credits()
    {
        using var admin = await app.SuperAdminAsync();
        var page = await admin.GetDocumentAsync("/admin/packages");

        Assert.Equal(8, page.QuerySelectorAll("#packages tbody tr").Length);
        var enterprise = page.QuerySelector("#packages tr[data-package='enterprise']")!.TextContent;
        Assert.Contains("$99.99 / month", enterprise);
        Assert.Contains("1,500", enterprise);
        Assert.Contains("new checkouts", page.QuerySelector(".page-header")!.TextContent);
    }

    [Fact]
    public async Task A_super_admin_edits_a_package_and_the_dollars_become_exact_cents()
    {
        using var admin = await app.SuperAdminAsync();

        var response = await admin.PostFormAsync($"/admin/packages/{Professional}", new Dictionary<string, string>
        {
            ["Input.Name"] = "  Professional plus ",
            ["Input.Price"] = "$59.99",
            ["Input.Credits"] = "720.5",
            ["Input.Features"] = "720 credits per month\r\n\r\n  Priority support  \nAPI access\n",
            ["Input.StripePriceId"] = " price_1ProPlus ",
            ["Input.IsActive"] = "false",
            ["Input.SortOrder"] = "25",
            // Not fields of the form: the code and kind cannot be changed.
            ["Input.Code"] = "hacked",
            ["Input.Kind"] = "Pack",
        });
        response.EnsureRedirect($"/admin/packages/{Professional}");

        await using var db = app.Database.NewContext();
        var package = await db.CreditPackages.AsNoTracking().SingleAsync(p => p.Id == Professional);
        Assert.Equal("Professional plus", package.Name);
        Assert.Equal(5_999, package.PriceCents);
        Assert.Equal(720_500, package.CreditsMillicredits);
        var audited = await db.AuditEntries.Where(e => e.Subject == $"package:{Professional}").ToListAsync();
        var entry = Assert.Single(audited, e => e.Summary.Contains("Professional plus"));
        Assert.Equal((Streamline.Core.Audit.AuditAction.PackageEdited, AdminApp.AdminEmail), (entry.Action, entry.Actor));
        Assert.Equal("Saved package Professional plus: $59.99 for 720.5 credits, inactive", entry.Summary);
        Assert.Equal("720 credits per month\nPriority support\nAPI access", package.Features);
        Assert.Equal("price_1ProPlus", package.StripePriceId);
        Assert.False(package.IsActive);
        Assert.Equal(25, package.SortOrder);
        Assert.Equal("professional", package.Code);
        Assert.Equal(CreditPackageKind.Subscription, package.Kind);

        var page = await admin.GetDocumentAsync($"/admin/packages/{Professional}");
        Assert.Contains("Saved Professional plus: $59.99 for 720.5 credits", page.QuerySelector("main .alert-success")!.TextContent);
        Assert.Equal("59.99", page.QuerySelector("#Input_Price")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("Input.Price", "19.999", "at most two decimals")]
    [InlineData("Input.Price", "-5", "above zero")]
    [InlineData("Input.Price", "0", "above zero")]
    [InlineData("Input.Price", "0.00", "above zero")]
    [InlineData("Input.Price", "1,000", "above zero")]
    [InlineData("Input.Price", "", "Enter the price")]
    [InlineData("Input.Credits", "0", "above zero")]
    [InlineData("Input.Credits", "1.0001", "at most three decimals")]
    [InlineData("Input.StripePriceId", "prod_123", "starts with")]
    [InlineData("Input.Name", "", "Give the package a name")]
    public async Task An_invalid_edit_is_refused_with_a_message_and_changes_nothing(string field, string value, string message)
    {
        using var admin = await app.SuperAdminAsync();
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "550 credits", ["Input.Price"] = "45.00", ["Input.Credits"] = "550", ["Input.IsActive"] = "true", ["Input.SortOrder"] = "120",
            [field] = value,
        };

        var response = await admin.PostFormAsync($"/admin/packages/{Pack550}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        var error = page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent;
        Assert.Contains(message, error);
        await using var db = app.Database.NewContext();
        var package = await db.CreditPackages.AsNoTracking().SingleAsync(p => p.Id == Pack550);
        Assert.Equal((4_500, 550_000L, "550 credits"), (package.PriceCents, package.CreditsMillicredits, package.Name));
    }

    [Fact]
    public async Task A_package_that_does_not_exist_is_a_404()
    {
        using var admin = await app.SuperAdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/admin/packages/{Guid.NewGuid()}")).StatusCode);
    }
}
