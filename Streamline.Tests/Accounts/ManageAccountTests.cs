using System.Net;
using Streamline.Tests.Support;

namespace Streamline.Tests.Accounts;

/// <summary>The Identity UI's account pages, inside the app's own page header and section menu.</summary>
public sealed class ManageAccountTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/Identity/Account/Manage", "Profile")]
    [InlineData("/Identity/Account/Manage/Email", "E-mail")]
    [InlineData("/Identity/Account/Manage/ChangePassword", "Password")]
    [InlineData("/Identity/Account/Manage/TwoFactorAuthentication", "Two-factor sign-in")]
    [InlineData("/Identity/Account/Manage/PersonalData", "Personal data")]
    public async Task Each_account_page_has_the_app_header_and_marks_its_section(string url, string section)
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);

        var page = await client.GetDocumentAsync(url);

        var main = page.QuerySelector("main")!;
        Assert.Equal("Account & security", main.QuerySelector(".page-header h1")!.TextContent);
        Assert.DoesNotContain("Manage your account", main.TextContent);
        Assert.DoesNotContain("Change your account settings", main.TextContent);
        var current = Assert.Single(main.QuerySelectorAll("nav[aria-label='Account sections'] a[aria-current=page]"));
        Assert.Equal(section, current.TextContent);
        Assert.NotNull(main.QuerySelector(".account-manage .card form, .account-manage .card a.btn, .account-manage .card p"));
    }

    [Fact]
    public async Task Signing_up_without_repeating_the_password_says_so_in_our_words()
    {
        using var client = app.NewClient();

        var response = await client.PostFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ada", ["Input.Email"] = $"ada-{Guid.NewGuid():N}@example.test", ["Input.Password"] = AppClient.Password,
            ["Input.ConfirmPassword"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Equal("Type the password again.", page.QuerySelector("[data-valmsg-for='Input.ConfirmPassword']")!.TextContent.Trim());
        Assert.DoesNotContain("field is required", page.Body!.TextContent);
    }
}
