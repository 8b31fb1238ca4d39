using System.Net;
using Streamline.Tests.Support;

namespace Streamline.Tests.Web;

/// <summary>The app as bench/pages.sh runs it.</summary>
public sealed class BenchEnabledApp : StreamlineApp
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["Bench:Enabled"] = "true";
}

public sealed class BenchFloorTests(BenchEnabledApp bench, SqliteApp plain) : IClassFixture<BenchEnabledApp>, IClassFixture<SqliteApp>
{
    [Fact]
    public async Task With_the_bench_on_the_floor_page_is_a_signed_in_page_in_the_app_layout()
    {
        var (client, _) = await AppClient.SignedInUserAsync(bench);
        var page = await client.GetDocumentAsync("/bench/floor");
        Assert.NotNull(page.QuerySelector(".app-topbar a.topbar-balance"));
        Assert.NotNull(page.QuerySelector("#app-sidebar"));
        Assert.Contains("This workspace has 0 campaigns.", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Without_the_bench_the_floor_page_does_not_exist()
    {
        var (client, _) = await AppClient.SignedInUserAsync(plain);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/bench/floor")).StatusCode);
    }
}
