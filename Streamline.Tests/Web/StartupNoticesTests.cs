using Streamline.Core.Data;
using Streamline.Core.Hosting;

namespace Streamline.Tests.Web;

public sealed class StartupNoticesTests
{
    private static readonly DatabaseSettings Sqlite = new(DatabaseProvider.Sqlite, "Data Source=x.db");

    [Fact]
    public void A_worker_host_without_a_public_url_warns_where_its_mail_links_point()
    {
        var notice = Assert.Single(StartupNotices.For(Sqlite, new PublicUrl(null), hasServer: false));
        Assert.Contains("Web:PublicUrl is not set", notice);
        Assert.Contains("http://localhost:5000", notice);
    }

    [Fact]
    public void A_web_host_or_a_worker_with_a_public_url_has_nothing_to_warn_about()
    {
        Assert.Empty(StartupNotices.For(Sqlite, new PublicUrl(null), hasServer: true));
        Assert.Empty(StartupNotices.For(Sqlite with { Provider = DatabaseProvider.Postgres }, new PublicUrl("https://app.example.com"), hasServer: false));
    }
}
