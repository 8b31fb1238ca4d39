using Streamline.Core.Data;
using Streamline.Core.Hosting;

namespace Streamline.Tests.Web;

public sealed class StartupNoticesTests
{
    private static readonly DatabaseSettings Sqlite = new(DatabaseProvider.Sqlite, "Data Source=x.db");

    [Fact]
    public void On_sql_server_the_host_warns_that_no_test_runs_against_it()
    {
        var notices = StartupNotices.For(Sqlite with { Provider = DatabaseProvider.SqlServer }, new PublicUrl("https://app.example.com"), hasServer: true);
        Assert.Equal(["SQL Server: migrations are generated and compile, but no test runs against SQL Server"], notices);
    }

    [Fact]
    public void A_worker_host_without_a_public_url_warns_where_its_mail_links_point()
    {
        var notice = Assert.Single(StartupNotices.For(Sqlite, new PublicUrl(null), hasServer: false));
        Assert.Contains("Web:PublicUrl is not set", notice);
        Assert.Contains("http://localhost:5000", notice);
    }

    [Fact]
    public void A_web_host_on_sqlite_or_postgres_with_its_own_address_has_nothing_to_warn_about()
    {
        Assert.Empty(StartupNotices.For(Sqlite, new PublicUrl(null), hasServer: true));
        Assert.Empty(StartupNotices.For(Sqlite with { Provider = DatabaseProvider.Postgres }, new PublicUrl("https://app.example.com"), hasServer: false));
    }
}
