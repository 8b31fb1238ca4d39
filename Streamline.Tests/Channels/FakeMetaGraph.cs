using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Streamline.Tests.Channels;

/// <summary>One Send API call: the account it was sent from, the token and the JSON body.</summary>
public sealed record GraphSend(string AccountId, string? Token, JsonObject Body);

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the parts of Meta's Graph API the Messenger and Instagram providers call:
/// <c>GET /{version}/{account}?fields=…</c> (the connection check), <c>POST /{version}/{account}/messages</c> (the Send
/// API, answering <c>{recipient_id, message_id}</c>), and files at <c>/cdn/{name}</c> standing in for Meta's attachment
/// CDN. An unknown token gets Graph's error 190; failures on demand: any status with a Graph error code, and Retry-After.
/// </summary>
public sealed class FakeMetaGraph : IAsyncDisposable
{
    public const string Token = "EAAfake-page-token-0123456789";
    public const string PageId = "104400000000001";
    public const string InstagramId = "17841400000000001";

    private readonly WebApplication _server;
    private readonly ConcurrentQueue<GraphSend> _sends = new();
    private readonly ConcurrentQueue<(int Status, int Code, string Message, string? RetryAfter)> _failures = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string Type)> _files = new();
    private int _nextMessage;

    private FakeMetaGraph(WebApplication server) => _server = server;

    public string Url { get; private set; } = "";
    public IReadOnlyList<GraphSend> Sends => [.. _sends];

    public static async Task<FakeMetaGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var fake = new FakeMetaGraph(builder.Build());
        fake._server.Run(fake.AnswerAsync);
        await fake._server.StartAsync();
        fake.Url = fake._server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>The next Graph call is answered with this Graph error (e.g. 400 with code 10 for the 24-hour window).</summary>
    public void FailNext(int status, int code, string message, string? retryAfter = null) => _failures.Enqueue((status, code, message, retryAfter));

    /// <summary>A file at the stand-in CDN, and its URL as an attachment payload would give it.</summary>
    public string AddFile(string name, byte[] content, string contentType)
    {
        _files[name] = (content, contentType);
        return $"{Url}/cdn/{name}";
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        if (segments is ["cdn", var name])
        {
            if (!_files.TryGetValue(name, out var file))
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.ContentType = file.Type;
            await context.Response.Body.WriteAsync(file.Content);
            return;
        }
        var token = context.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal)
            ? auth["Bearer ".Length..]
            : null;
        JsonObject? body = null;
        if (context.Request.Method == "POST" && segments is [_, var from, "messages"])
        {
            body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject ?? [];
            _sends.Enqueue(new GraphSend(from, token, body));
        }
        if (token != Token)
        {
            await Error(context, 400, 190, "Invalid OAuth access token - Cannot parse access token");
            return;
        }
        if (_failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is not null) context.Response.Headers.RetryAfter = failure.RetryAfter;
            await Error(context, failure.Status, failure.Code, failure.Message);
            return;
        }
        switch (context.Request.Method, segments)
        {
            case ("GET", [_, var account]) when account is PageId or InstagramId:
                var field = context.Request.Query["fields"].ToString();
                await Json(context, new JsonObject { [field] = account == PageId ? "Fake Shop" : "fakeshop", ["id"] = account });
                break;
            case ("GET", [_, _]):
                await Error(context, 400, 100, "Unsupported get request. Object with ID does not exist");
                break;
            case ("POST", [_, _, "messages"]):
                await Json(context, new JsonObject
                {
                    ["recipient_id"] = body!["recipient"]?["id"]?.ToString(),
                    ["message_id"] = $"m_fake{Interlocked.Increment(ref _nextMessage)}",
                });
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    private static Task Json(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        return Json(context, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "OAuthException", ["code"] = code, ["fbtrace_id"] = "AbCdEf" },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
