using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Tests.Support;

namespace Streamline.Tests.Web;

/// <summary>Input no form offers gets a message or a 4xx, never a 500 (issue 24).</summary>
public abstract class BadInputTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private const string Unsendable = "x@y.z;env;";

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("2")]
    public async Task A_checkbox_posted_with_a_value_that_is_not_a_boolean_shows_the_page_again(string value)
    {
        using var client = app.NewClient();

        var response = await client.PostFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = $"nobody-{Guid.NewGuid():N}@example.test", ["Input.Password"] = "wrong password", ["Input.RememberMe"] = value,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains($"The value '{value}' is not valid", page.QuerySelector("[data-valmsg-for='Input.RememberMe']")!.TextContent);
    }

    [Fact]
    public async Task An_address_the_mailer_cannot_parse_is_refused_on_sign_up_and_nothing_is_stored()
    {
        using var client = app.NewClient();

        var response = await client.RegisterAsync(Unsendable);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("doesn't look like an e-mail address", page.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == Unsendable));
    }

    [Theory]
    [InlineData("/Identity/Account/ForgotPassword", "Input.Email", "/Identity/Account/ForgotPassword")]
    [InlineData("/Identity/Account/ResendEmailConfirmation", "Input.Email", "/Identity/Account/ResendEmailConfirmation")]
    [InlineData("/workspace", "Invite.Email", "/workspace?handler=Invite")]
    [InlineData("/Identity/Account/Manage/Email", "Input.NewEmail", "/Identity/Account/Manage/Email?handler=ChangeEmail")]
    public async Task An_address_the_mailer_cannot_parse_is_refused_with_a_message_and_no_mail(string page, string field, string postTo)
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        var token = (await client.GetDocumentAsync(page)).QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.Http.PostAsync(postTo, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, [field] = Unsendable,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await AppClient.ParseAsync(response);
        Assert.Contains("doesn't look like an e-mail address", html.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == Unsendable));
    }

    private const int OverKestrelsLimit = 31_000_000;

    [Fact]
    public async Task An_upload_over_the_size_limit_gets_the_413_page()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        var token = await client.AntiforgeryTokenAsync("/knowledge");
        var file = new ByteArrayContent(new byte[OverKestrelsLimit]);
        var request = new HttpRequestMessage(HttpMethod.Post, "/knowledge?handler=Upload") { Content = new MultipartFormDataContent { { file, "file", "big.txt" } } };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too much to send", (await AppClient.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task An_api_body_over_the_size_limit_gets_a_413_problem()
    {
        using var client = app.NewClient();

        var response = await client.Http.PostAsync("/api/v1/credits/consume", new ByteArrayContent(new byte[OverKestrelsLimit])
        {
            Headers = { ContentType = new("application/json") },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class BadInputTestsOnSqlite(SqliteApp app) : BadInputTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class BadInputTestsOnPostgres(PostgresApp app) : BadInputTests<PostgresApp>(app);
