using System.Net;
using Streamline.Tests.Support;

namespace Streamline.Tests.Web;

/// <summary>Input no form offers gets a message or a 4xx, never a 500 (issue 24).</summary>
public abstract class BadInputTests<TApp>(TApp app) where TApp : StreamlineApp
{
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
}

[Collection(SharedApps.Sqlite3)]
public sealed class BadInputTestsOnSqlite(SqliteApp app) : BadInputTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class BadInputTestsOnPostgres(PostgresApp app) : BadInputTests<PostgresApp>(app);
