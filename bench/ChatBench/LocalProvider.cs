using System.Net;
using System.Text.Json.Nodes;
using Streamline.Bench.Credits;

namespace Streamline.Bench.Chat;

/// <summary>
/// A chat-completions server on 127.0.0.1 that always takes the same time: a fixed delay before the first token, then
/// T tokens at a fixed rate, then usage. Whatever the app adds on top of it is the app's.
/// </summary>
public static class LocalProvider
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var port = options.Number("port", 0);
        var firstToken = TimeSpan.FromMilliseconds(options.Number("first-token-ms", 250));
        var tokens = options.Number("tokens", 30);
        var tokenGap = TimeSpan.FromMilliseconds(options.Number("token-ms", 10));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body);
            var model = body?["model"]?.GetValue<string>() ?? "model";
            var usage = body?["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
            http.Response.ContentType = "text/event-stream";
            await http.Response.StartAsync();
            await Task.Delay(firstToken, http.RequestAborted);
            await SendAsync(http, Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
            for (var i = 0; i < tokens; i++)
            {
                if (i > 0) await Task.Delay(tokenGap, http.RequestAborted);
                await SendAsync(http, Chunk(model, new JsonObject { ["content"] = i == 0 ? "Thanks" : " word" }, null));
            }
            await SendAsync(http, Chunk(model, new JsonObject(), "stop"));
            if (usage)
            {
                var last = Chunk(model, null, null);
                last["usage"] = new JsonObject { ["prompt_tokens"] = 900, ["completion_tokens"] = tokens, ["total_tokens"] = 900 + tokens };
                await SendAsync(http, last);
            }
            await http.Response.WriteAsync("data: [DONE]\n\n");
        });
        await app.StartAsync();
        Console.WriteLine($"provider ready on {app.Urls.Single()}: first token after {firstToken.TotalMilliseconds} ms, {tokens} tokens {tokenGap.TotalMilliseconds} ms apart");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static JsonObject Chunk(string model, JsonObject? delta, string? finish) => new()
    {
        ["id"] = "chatcmpl-bench",
        ["object"] = "chat.completion.chunk",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = delta is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    };

    private static async Task SendAsync(HttpContext http, JsonObject chunk)
    {
        await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
