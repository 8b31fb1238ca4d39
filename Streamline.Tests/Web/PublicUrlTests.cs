using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Streamline.Core.Data;
using Streamline.Core.Hosting;
using Streamline.Tests.Billing;
using Streamline.Tests.Support;
using Streamline.Web.Infrastructure;

namespace Streamline.Tests.Web;

public sealed class PublicUrlTests
{
    [Fact]
    public void Outside_development_an_unset_public_url_is_refused_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PublicUrl.Read(Config(null), Env("Production")));
        Assert.Contains("Web:PublicUrl is not set", error.Message);
        Assert.Contains("Web__PublicUrl", error.Message);
    }

    [Fact]
    public void In_development_an_unset_public_url_is_left_to_the_listening_address()
    {
        Assert.Null(PublicUrl.Read(Config(null), Env("Development")));
        Assert.Equal("http://127.0.0.1:41234/credits", new PublicUrl(null, new Fixed("http://127.0.0.1:41234")).Link("/credits"));
        Assert.Equal("http://localhost:5000/credits", new PublicUrl(null).Link("/credits"));
    }

    [Theory]
    [InlineData("https://app.example.com/", "https://app.example.com")]
    [InlineData(" https://example.com/streamline ", "https://example.com/streamline")]
    public void A_configured_public_url_is_kept_without_its_trailing_slash(string configured, string expected) =>
        Assert.Equal(expected, PublicUrl.Read(Config(configured), Env("Production")));

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://app.example.com/?x=1")]
    public void A_public_url_that_is_not_an_http_address_is_refused(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PublicUrl.Read(Config(configured), Env("Development")));
        Assert.Contains("must be an absolute http or https address", error.Message);
    }

    [Theory]
    [InlineData("http://localhost:5000", new[] { "http://localhost:5000" })]
    [InlineData("http://localhost:5000", new[] { "https://localhost:5001", "http://localhost:5000" })]
    [InlineData("http://127.0.0.1:8080", new[] { "https://127.0.0.1:8443", "http://127.0.0.1:8080" })]
    [InlineData("http://localhost:8080", new[] { "http://[::]:8080" })]
    [InlineData("http://localhost:8080", new[] { "http://0.0.0.0:8080" })]
    [InlineData("http://localhost:8080", new[] { "http://+:8080" })]
    [InlineData("https://localhost:8443", new[] { "https://*:8443" })]
    public void The_listening_address_prefers_plain_http_on_localhost(string expected, string[] addresses) =>
        Assert.Equal(expected, ListeningAddress.Pick(addresses));

    [Fact]
    public void A_server_that_does_not_listen_yet_has_no_address() => Assert.Null(ListeningAddress.Pick([]));

    private static IConfiguration Config(string? publicUrl) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PublicUrl.Key] = publicUrl }).Build();

    private static IHostEnvironment Env(string name) => new TestHostEnvironment(name);

    private sealed class Fixed(string address) : IListeningAddress
    {
        public string? Address => address;
    }

    private sealed class TestHostEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Streamline.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

/// <summary>The app as deployed behind a public address that is not the one it is called on.</summary>
public sealed class PublicAddressBillingApp : SandboxBillingApp
{
    public const string Address = "https://app.example.test";

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Web:PublicUrl"] = Address;
    }
}

/// <summary>
/// A laptop's app: Development, nothing set for the public address, Kestrel on a free loopback port, so
/// links made by background jobs can only be right if they take the address the server actually bound.
/// </summary>
public sealed class DevelopmentBillingApp : SandboxBillingApp
{
    public DevelopmentBillingApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public string BaseUrl { get; private set; } = "";

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Web:PublicUrl"] = null;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        BaseUrl = ListeningAddress.Pick(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses)!;
    }

    /// <summary>A client over the real socket (plain http, as on a laptop), keeping cookies.</summary>
    public AppClient NewSocketClient() => new(this, new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
    {
        BaseAddress = new Uri(BaseUrl),
    });
}

public sealed class JobMailLinkTests(PublicAddressBillingApp deployed, DevelopmentBillingApp laptop)
    : IClassFixture<PublicAddressBillingApp>, IClassFixture<DevelopmentBillingApp>
{
    [Fact]
    public async Task The_receipt_the_payment_job_sends_links_to_the_configured_public_url()
    {
        var (client, email) = await AppClient.SignedInUserAsync(deployed);

        var receipt = await BuyAndReadReceiptAsync(deployed, client, email);

        Assert.Contains($"{PublicAddressBillingApp.Address}/credits/history", receipt);
        Assert.DoesNotContain("localhost", receipt);
    }

    [Fact]
    public async Task In_development_without_a_public_url_the_receipt_links_to_the_address_the_app_listens_on()
    {
        Assert.StartsWith("http://127.0.0.1:", laptop.BaseUrl);
        using var client = laptop.NewSocketClient();
        var email = $"laptop-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email)).EnsureRedirect();
        (await client.ConfirmFromOutboxAsync(email)).EnsureSuccessStatusCode();
        (await client.LoginAsync(email)).EnsureRedirect("/app");

        var receipt = await BuyAndReadReceiptAsync(laptop, client, email);

        Assert.Contains($"{laptop.BaseUrl}/credits/history", receipt);
        Assert.DoesNotContain("localhost:5000", receipt);
    }

    private static async Task<string> BuyAndReadReceiptAsync(BillingApp app, AppClient client, string email)
    {
        var buy = (await client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = "pack-100" }, "/credits?handler=Buy"))
            .EnsureRedirect();
        var checkoutPath = AppClient.PathOf(buy.Headers.Location!.OriginalString);
        var token = await client.AntiforgeryTokenAsync(checkoutPath);
        (await client.Http.PostAsync(checkoutPath + "?handler=Pay",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).EnsureRedirect();
        await app.DrainEventsAsync();

        await using var db = app.Database.NewContext();
        var receipt = await db.EmailMessages.SingleAsync(m => m.To == email && m.Template == "purchase-receipt");
        return receipt.TextBody;
    }
}

/// <summary>The app refuses to start outside Development without a public address, naming the setting.</summary>
public sealed class NoPublicUrlApp : StreamlineApp
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["Web:PublicUrl"] = null;
}

public sealed class PublicUrlStartupTests(NoPublicUrlApp app) : IClassFixture<NoPublicUrlApp>
{
    [Fact]
    public void Outside_development_the_app_does_not_start_without_a_public_url()
    {
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Web:PublicUrl is not set", error.ToString());
    }
}
