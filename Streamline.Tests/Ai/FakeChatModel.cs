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

namespace Streamline.Tests.Ai;

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks OpenAI's chat-completions API (<c>POST /v1/chat/completions</c>),
/// whole or streamed as server-sent events, with tool calls and usage, and records every request, so tests
/// exercise the OpenAI SDK's own wire handling rather than a mock of it.
/// </summary>
public sealed class FakeChatModel : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly ConcurrentQueue<ChatRequest> _requests = new();
    private readonly ConcurrentQueue<ScriptedReply> _replies = new();
    private Outage? _outage;
    private int _disposed;
    private int _nextId;

    private FakeChatModel(WebApplication server) => _server = server;

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string Url { get; private set; } = "";

    /// <summary>What the app's <c>AI:Endpoint</c> is set to: the API root with its version segment.</summary>
    public string Endpoint => Url + "/v1";

    /// <summary>How long a streamed answer waits before its first chunk, like a model thinking.</summary>
    public TimeSpan FirstTokenDelay { get; set; }

    /// <summary>The pause between later chunks of a streamed answer (the token rate).</summary>
    public TimeSpan ChunkDelay { get; set; }

    public IReadOnlyList<ChatRequest> Requests => [.. _requests];

    public enum Outage
    {
        /// <summary>OpenAI's 500 server_error answer.</summary>
        ServerError,

        /// <summary>The request is accepted and never answered: only the client's timeout ends it.</summary>
        Hang,
    }

    public static async Task<FakeChatModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var fake = new FakeChatModel(builder.Build());
        fake._server.Run(fake.AnswerAsync);
        await fake._server.StartAsync();
        fake.Url = fake._server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>The next request gets this answer; with none scripted the model says "Hello!".</summary>
    public void Enqueue(ScriptedReply reply) => _replies.Enqueue(reply);

    /// <summary>Every request fails this way until the returned scope is disposed.</summary>
    public IDisposable Down(Outage outage)
    {
        _outage = outage;
        return new Restore(this);
    }

    private sealed class Restore(FakeChatModel fake) : IDisposable
    {
        public void Dispose() => fake._outage = null;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = await ChatRequest.ReadAsync(context.Request);
        _requests.Enqueue(request);
        switch (_outage)
        {
            case Outage.ServerError:
                await ErrorAsync(context, 500, "server_error", "The server had an error while processing your request.");
                return;
            case Outage.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
        }
        if (request.Method != "POST" || request.Path != "/v1/chat/completions")
        {
            await ErrorAsync(context, 404, "invalid_request_error", $"Unknown request URL: {request.Method} {request.Path}.");
            return;
        }

        var reply = _replies.TryDequeue(out var scripted) ? scripted : ScriptedReply.Text("Hello!");
        var id = $"chatcmpl-{Interlocked.Increment(ref _nextId)}";
        var model = request.Body["model"]?.GetValue<string>() ?? "";
        if (request.Body["stream"]?.GetValue<bool>() == true)
            await StreamAsync(context, reply, id, model, request.Body["stream_options"]?["include_usage"]?.GetValue<bool>() == true);
        else
            await WholeAsync(context, reply, id, model);
    }

    private static Task WholeAsync(HttpContext context, ScriptedReply reply, string id, string model)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Tool is null ? string.Concat(reply.Chunks) : null };
        if (reply.Tool is { } tool)
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = tool.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = tool.Name, ["arguments"] = string.Concat(tool.ArgumentChunks) },
            });
        var answer = Envelope(id, model, "chat.completion");
        answer["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = message,
            ["finish_reason"] = reply.FinishReason,
        });
        answer["usage"] = Usage(reply);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(answer.ToJsonString());
    }

    private async Task StreamAsync(HttpContext context, ScriptedReply reply, string id, string model, bool includeUsage)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync();
        await Task.Delay(FirstTokenDelay, context.RequestAborted);

        await SendAsync(context, Chunk(id, model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
        if (reply.Tool is { } tool)
        {
            // The first tool chunk names the function; the arguments then arrive in pieces, as OpenAI sends them.
            await SendAsync(context, Chunk(id, model, ToolDelta(new JsonObject
            {
                ["index"] = 0, ["id"] = tool.Id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = tool.Name, ["arguments"] = "" },
            }), null));
            foreach (var piece in tool.ArgumentChunks)
            {
                await Task.Delay(ChunkDelay, context.RequestAborted);
                await SendAsync(context, Chunk(id, model, ToolDelta(new JsonObject
                {
                    ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece },
                }), null));
            }
        }
        else
        {
            for (var i = 0; i < reply.Chunks.Count; i++)
            {
                if (i > 0) await Task.Delay(ChunkDelay, context.RequestAborted);
                await SendAsync(context, Chunk(id, model, new JsonObject { ["content"] = reply.Chunks[i] }, null));
            }
        }
        await SendAsync(context, Chunk(id, model, [], reply.FinishReason));
        if (includeUsage)
        {
            var usage = Envelope(id, model, "chat.completion.chunk");
            usage["choices"] = new JsonArray();
            usage["usage"] = Usage(reply);
            await SendAsync(context, usage);
        }
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject ToolDelta(JsonObject call) => new() { ["tool_calls"] = new JsonArray(call) };

    private static JsonObject Chunk(string id, string model, JsonObject delta, string? finishReason)
    {
        var chunk = Envelope(id, model, "chat.completion.chunk");
        chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason });
        return chunk;
    }

    private static JsonObject Envelope(string id, string model, string kind) => new()
    {
        ["id"] = id,
        ["object"] = kind,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
    };

    private static JsonObject Usage(ScriptedReply reply) => new()
    {
        ["prompt_tokens"] = reply.InputTokens,
        ["completion_tokens"] = reply.OutputTokens,
        ["total_tokens"] = reply.InputTokens + reply.OutputTokens,
    };

    private static async Task SendAsync(HttpContext context, JsonObject data)
    {
        await context.Response.WriteAsync($"data: {data.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null },
        }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) await _server.DisposeAsync();
    }
}

/// <summary>One answer the fake model gives: text in the chunks it streams, or a tool call.</summary>
public sealed record ScriptedReply(IReadOnlyList<string> Chunks, ScriptedToolCall? Tool, int InputTokens, int OutputTokens)
{
    public string FinishReason => Tool is null ? "stop" : "tool_calls";

    public static ScriptedReply Text(params string[] chunks) => new(chunks, null, InputTokens: 12, OutputTokens: chunks.Length);

    /// <summary>A call to <paramref name="name"/> whose JSON arguments arrive split into <paramref name="argumentChunks"/>.</summary>
    public static ScriptedReply ToolCall(string name, params string[] argumentChunks) =>
        new([], new ScriptedToolCall("call_" + name, name, argumentChunks), InputTokens: 12, OutputTokens: argumentChunks.Length + 1);
}

public sealed record ScriptedToolCall(string Id, string Name, IReadOnlyList<string> ArgumentChunks);

/// <summary>One request as it reached the fake model, with its JSON body.</summary>
public sealed record ChatRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, JsonObject Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public static async Task<ChatRequest> ReadAsync(HttpRequest request)
    {
        var text = await new StreamReader(request.Body).ReadToEndAsync();
        return new ChatRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? []);
    }
}
