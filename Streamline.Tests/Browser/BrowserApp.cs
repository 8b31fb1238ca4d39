using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Streamline.Tests.Support;

namespace Streamline.Tests.Browser;

/// <summary>
/// The app on a real socket (Kestrel on 127.0.0.1, a free port, plain http) for a real browser,
/// on SQLite with the Pickup mail transport. The browser itself belongs to each test (see
/// <see cref="LaunchChromiumAsync"/>), so tests share no cookies or storage.
/// </summary>
public class BrowserApp : StreamlineApp
{
    // The port is chosen before the host is built so that Web:PublicUrl, which links written by background
    // work and the AI start with, can name it: a link in a mail or a chat then opens this app for real.
    private readonly int _port = FreeLoopbackPort();

    public BrowserApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, _port));

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The Pickup transport's folder: one .eml per delivered mail.</summary>
    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Web:AllowInsecureCookies"] = "true"; // plain http on loopback: Secure cookies would be dropped
        settings["Web:PublicUrl"] = $"http://127.0.0.1:{_port}";
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
    }

    /// <summary>
    /// Debian's Chromium (never a Playwright-downloaded browser), headless. Playwright's own node
    /// driver comes with the NuGet package, in .playwright/ beside the test assembly.
    /// </summary>
    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        // A shared two-core machine: the default 5 s is tight for a first page render.
        Assertions.SetDefaultExpectTimeout(15_000);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh context (own cookies and storage) whose relative URLs resolve against the app.</summary>
    public Task<IBrowserContext> NewContextAsync(IBrowser browser) => browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl,
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        ColorScheme = ColorScheme.Light,
        Locale = "en-US",
    });

    /// <summary>Waits for the mail of the given template to <paramref name="to"/> to land in the pickup folder.</summary>
    public async Task<MimeMessage> WaitForMailAsync(string to, string template)
    {
        var timeout = TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Directory.Exists(MailDirectory))
            {
                // The transport writes *.eml.tmp and renames it: an .eml file is always complete.
                foreach (var file in Directory.EnumerateFiles(MailDirectory).Where(f => f.EndsWith(".eml", StringComparison.Ordinal)).Order())
                {
                    var message = await MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase))
                        && message.Headers["X-Streamline-Template"] == template)
                        return message;
                }
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No '{template}' mail to {to} in {MailDirectory} within {timeout.TotalSeconds:0} s.");
            await Task.Delay(100);
        }
    }
}
