using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Data;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Chat;

/// <summary>
/// The app for the chat tests: with its SuperAdmin, so the house workspace exists for the portal chat, and with a
/// client address per visitor, so that each test's visitors have their own rate limits as real ones would.
/// </summary>
public class ChatApp : StreamlineApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Admin:SuperAdminEmail"] = AdminApp.AdminEmail;
        settings["Admin:SuperAdminPassword"] = AdminApp.AdminPassword;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, TestClientAddress>());
    }
}

public sealed class PostgresChatApp : ChatApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>The test server has no client address; this header gives a request one, before the rate limiter reads it.</summary>
internal sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };

    public static string NewAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
}
