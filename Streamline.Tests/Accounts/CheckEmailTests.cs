using Microsoft.AspNetCore.Hosting;
using Streamline.Tests.Support;

namespace Streamline.Tests.Accounts;

/// <summary>The app as <c>dotnet run</c> starts it on a developer's machine: Development, mail to the pickup folder.</summary>
public sealed class DevelopmentApp : StreamlineApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

public sealed class CheckEmailTests(DevelopmentApp development, SqliteApp testing) : IClassFixture<DevelopmentApp>, IClassFixture<SqliteApp>
{
    [Fact]
    public async Task In_development_the_check_your_email_page_says_where_the_mail_is()
    {
        using var client = development.NewClient();
        var hint = (await client.GetDocumentAsync("/Identity/Account/CheckEmail?email=ada%40example.test")).QuerySelector("[data-dev-mail-hint]");

        Assert.NotNull(hint);
        Assert.Contains(Path.Combine(development.DataDirectory, "mail"), hint.TextContent);
        Assert.Contains("Admin → Outgoing mail", hint.TextContent);
        Assert.Equal("/admin/mail", hint.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Outside_development_the_page_gives_no_such_hint()
    {
        using var client = testing.NewClient();
        var page = await client.GetDocumentAsync("/Identity/Account/CheckEmail?email=ada%40example.test");

        Assert.Contains("We sent a confirmation link to ada@example.test", page.QuerySelector("main")!.TextContent);
        Assert.Null(page.QuerySelector("[data-dev-mail-hint]"));
    }
}
