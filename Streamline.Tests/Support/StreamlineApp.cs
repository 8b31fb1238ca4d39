using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;

namespace Streamline.Tests.Support;

/// <summary>
/// The real web app (Program) on a fresh database of one provider, with its in-process Hangfire
/// server. Settings are passed as host settings so Program sees them before it builds.
/// </summary>
public class StreamlineApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestDatabase? _sharedDatabase;
    private IServiceProvider? _services;

    public StreamlineApp() { }

    /// <summary>
    /// Another instance on a database that the caller created and disposes: several web instances
    /// sharing one database, as in a scale-out deployment.
    /// </summary>
    protected StreamlineApp(TestDatabase sharedDatabase) => _sharedDatabase = sharedDatabase;

    public virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public string DataDirectory { get; } = TestEnvironment.NewTempDirectory("streamline-test");
    public TestDatabase Database { get; private set; } = null!;
    public TestLogs Logs { get; } = new();

    /// <summary>Extra or overriding settings for a derived fixture.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings) { }

    public virtual async Task InitializeAsync() =>
        Database = _sharedDatabase ?? await TestDatabase.CreateAsync(Provider, DataDirectory);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Streamline"] = Database.ConnectionString,
            ["Streamline:DataDirectory"] = DataDirectory,
            ["Workers:InProcess"] = "true",
            ["Workers:PollIntervalMs"] = "200",
            ["Workers:Count"] = "4",
            ["Web:PublicUrl"] = "https://localhost",
            ["Email:Transport"] = "Pickup",
            ["Email:SweepGraceSeconds"] = "0",
            ["RateLimits:AccountPermitLimit"] = "100000",
            ["Admin:SuperAdminEmail"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        Configure(settings);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            // Lets a test give each of its visitors their own address, so each has their own rate limits as real ones would.
            services.AddTransient<IStartupFilter, TestClientAddress>();
            services.AddTransient<IStartupFilter, TestRequestBodySize>();
        });
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        Database.ServeCachesOf(_services = host.Services);
        return host;
    }

    public AppClient NewClient() => new(this, CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    }));

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_services is not null) Database.StopServingCachesOf(_services);
        await base.DisposeAsync();
        if (_sharedDatabase is null) await Database.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

public sealed class SqliteApp : StreamlineApp;

public sealed class PostgresApp : StreamlineApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
