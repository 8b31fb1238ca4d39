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

/// <summary>One Bot API call as the server received it: the method and its parameters.</summary>
public sealed record TelegramCall(string Token, string Method, JsonObject Parameters);

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the Telegram Bot API for any bot whose token it was given:
/// <c>/bot{token}/getMe</c>, <c>setWebhook</c>, <c>sendMessage</c>, <c>getFile</c> and the download at
/// <c>/file/bot{token}/{file_path}</c>. It answers as Telegram does (<c>{"ok":…,"result":…}</c>, 401 for an unknown
/// token) and, on demand, with a failure: 429 with <c>retry_after</c>, a 5xx, 403 "bot was blocked by the user", or a
/// dropped connection. It records every call.
/// </summary>
public sealed class FakeTelegram : IAsyncDisposable
{
    public const string Token = "123456789:AAE-fake_token_for_tests_0123456789ab";

    private readonly WebApplication _server;
    private readonly ConcurrentQueue<TelegramCall> _calls = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _failures = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private int _nextMessageId = 100;

    private FakeTelegram(WebApplication server) => _server = server;

    public string Url { get; private set; } = "";
    public IReadOnlyList<TelegramCall> Calls => [.. _calls];
    public IEnumerable<TelegramCall> CallsOf(string method) => _calls.Where(c => c.Method == method);

    public static async Task<FakeTelegram> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var fake = new FakeTelegram(builder.Build());
        fake._server.Run(fake.AnswerAsync);
        await fake._server.StartAsync();
        fake.Url = fake._server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>A file a customer sent, served by <c>getFile</c> (its id) and the download (its path).</summary>
    public void AddFile(string fileId, byte[] content) => _files[fileId] = content;

    /// <summary>The next API call gets Telegram's answer to too many messages: 429 with <c>parameters.retry_after</c>.</summary>
    public void FloodNext(int retryAfterSeconds) => _failures.Enqueue(context => Error(context, 429,
        $"Too Many Requests: retry after {retryAfterSeconds}", new JsonObject { ["retry_after"] = retryAfterSeconds }));

    public void FailNext(int status, string description) => _failures.Enqueue(context => Error(context, status, description));

    /// <summary>The customer blocked the bot: what Telegram answers every later <c>sendMessage</c> to them.</summary>
    public void BlockedNext() => FailNext(403, "Forbidden: bot was blocked by the user");

    /// <summary>The next call's connection is dropped without an answer.</summary>
    public void DropNext() => _failures.Enqueue(context =>
    {
        context.Abort();
        return Task.CompletedTask;
    });

    private async Task AnswerAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Trim('/').Split('/', 3);
        if (segments is ["file", var fileBot, var filePath] && fileBot.StartsWith("bot", StringComparison.Ordinal))
        {
            await DownloadAsync(context, fileBot[3..], filePath);
            return;
        }
        if (segments.Length != 2 || !segments[0].StartsWith("bot", StringComparison.Ordinal))
        {
            await Error(context, 404, "Not Found");
            return;
        }
        var (token, method) = (segments[0][3..], segments[1]);
        var parameters = await ParametersAsync(context.Request);
        _calls.Enqueue(new TelegramCall(token, method, parameters));

        if (token != Token)
        {
            await Error(context, 401, "Unauthorized");
            return;
        }
        if (_failures.TryDequeue(out var failure))
        {
            await failure(context);
            return;
        }
        switch (method)
        {
            case "getMe":
                await Ok(context, new JsonObject
                {
                    ["id"] = 123456789, ["is_bot"] = true, ["first_name"] = "Fake Shop", ["username"] = "fake_shop_bot",
                    ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false,
                });
                break;
            case "setWebhook":
                await Ok(context, true, "Webhook was set");
                break;
            case "sendMessage":
                var chatId = long.Parse(parameters["chat_id"]!.ToString());
                await Ok(context, new JsonObject
                {
                    ["message_id"] = Interlocked.Increment(ref _nextMessageId),
                    ["from"] = new JsonObject { ["id"] = 123456789, ["is_bot"] = true, ["first_name"] = "Fake Shop", ["username"] = "fake_shop_bot" },
                    ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["text"] = parameters["text"]?.ToString(),
                });
                break;
            case "getFile":
                var fileId = parameters["file_id"]?.ToString() ?? "";
                if (!_files.TryGetValue(fileId, out var bytes))
                {
                    await Error(context, 400, "Bad Request: invalid file_id");
                    break;
                }
                await Ok(context, new JsonObject
                {
                    ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["file_size"] = bytes.Length, ["file_path"] = $"photos/{fileId}.jpg",
                });
                break;
            default:
                await Error(context, 404, "Not Found: method not found");
                break;
        }
    }

    private async Task DownloadAsync(HttpContext context, string token, string filePath)
    {
        var fileId = Path.GetFileNameWithoutExtension(filePath);
        if (token != Token || !_files.TryGetValue(fileId, out var bytes))
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = "image/jpeg";
        await context.Response.Body.WriteAsync(bytes);
    }

    /// <summary>The Bot API takes parameters as JSON, a form or the query string.</summary>
    private static async Task<JsonObject> ParametersAsync(HttpRequest request)
    {
        if (request.HasJsonContentType())
            return JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject ?? [];
        var parameters = new JsonObject();
        if (request.HasFormContentType)
            foreach (var (key, value) in await request.ReadFormAsync()) parameters[key] = value.ToString();
        foreach (var (key, value) in request.Query) parameters[key] = value.ToString();
        return parameters;
    }

    private static Task Ok(HttpContext context, JsonNode result, string? description = null)
    {
        var body = new JsonObject { ["ok"] = true, ["result"] = result };
        if (description is not null) body["description"] = description;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext context, int status, string description, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (parameters is not null) body["parameters"] = parameters;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
