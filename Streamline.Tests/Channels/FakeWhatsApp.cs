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

/// <summary>One message send as the fake Graph API received it, and what it answered.</summary>
public sealed record WhatsAppSend(string PhoneNumberId, JsonObject Body, int Status, string? MessageId, DateTime At)
{
    public string? Type => Body["type"]?.GetValue<string>();
    public string? Text => Body["text"]?["body"]?.GetValue<string>();
    public string? To => (Body["to"] ?? Body["recipient"])?.GetValue<string>();
}

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the part of the WhatsApp Cloud API the app uses:
/// <c>POST /{version}/{phone-number-id}/messages</c> (text and template, answering with a <c>wamid</c>),
/// <c>GET /{version}/{phone-number-id}</c>, and media (<c>GET /{version}/{media-id}</c> then its download URL), all behind
/// the Bearer token. Failures on demand: the next sends answer 429 with Retry-After, 500, or a Graph error.
/// </summary>
public sealed class FakeWhatsApp : IAsyncDisposable
{
    public const string Token = "EAAG-fake-whatsapp-token";
    public const string Version = "v23.0";

    private readonly WebApplication _server;
    private readonly ConcurrentQueue<WhatsAppSend> _sends = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? RetryAfter, string? Body)>> _failures = new();
    private readonly ConcurrentDictionary<string, Func<string, Task>> _beforeAccepting = new();
    private int _ids;

    /// <summary>
    /// Each answer waits up to this long first, a random while each time: senders overlap, and of two sends made at
    /// once the later may well arrive first, as over a real network.
    /// </summary>
    public TimeSpan Latency { get; set; }

    private FakeWhatsApp(WebApplication server) => _server = server;

    public string Url { get; private set; } = "";
    public IReadOnlyList<WhatsAppSend> Sends => [.. _sends];
    public IReadOnlyList<WhatsAppSend> Accepted => [.. _sends.Where(s => s.Status == 200)];

    /// <summary>Files customers sent, by media id: (content type, bytes).</summary>
    public ConcurrentDictionary<string, (string Type, byte[] Content)> Media { get; } = new();

    public static async Task<FakeWhatsApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var fake = new FakeWhatsApp(builder.Build());
        fake._server.Run(fake.AnswerAsync);
        await fake._server.StartAsync();
        fake.Url = fake._server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>
    /// The next send from <paramref name="phoneNumberId"/> gets this answer instead (429 with <c>Retry-After</c>, 500, or a Graph
    /// error body). Per number, so another test's reply still on its way cannot take it.
    /// </summary>
    public void FailNext(string phoneNumberId, HttpStatusCode status, string? retryAfter = null, int? graphCode = null, string? message = null) =>
        _failures.GetOrAdd(phoneNumberId, _ => new()).Enqueue(((int)status, retryAfter, graphCode is null ? null : new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message ?? "Error", ["type"] = "OAuthException", ["code"] = graphCode, ["fbtrace_id"] = "AbC" },
        }.ToJsonString()));

    /// <summary>
    /// The next accepted send from <paramref name="phoneNumberId"/> runs <paramref name="first"/> with the wamid it is about to
    /// answer with, before answering: what Meta does when a status callback overtakes the send's own answer.
    /// </summary>
    public void BeforeAccepting(string phoneNumberId, Func<string, Task> first) => _beforeAccepting[phoneNumberId] = first;

    private async Task AnswerAsync(HttpContext context)
    {
        if (Latency > TimeSpan.Zero) await Task.Delay(Random.Shared.Next((int)Latency.TotalMilliseconds + 1));
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await Json(context, 401, """{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190}}""");
            return;
        }
        if (segments is ["media-download", var download] && Media.TryGetValue(download, out var file))
        {
            context.Response.ContentType = file.Type;
            await context.Response.Body.WriteAsync(file.Content);
            return;
        }
        if (segments is [Version, var phoneId, "messages"] && context.Request.Method == "POST")
        {
            var body = (JsonObject)JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
            if (_failures.TryGetValue(phoneId, out var failures) && failures.TryDequeue(out var failure))
            {
                _sends.Enqueue(new WhatsAppSend(phoneId, body, failure.Status, null, DateTime.UtcNow));
                if (failure.RetryAfter is not null) context.Response.Headers.RetryAfter = failure.RetryAfter;
                await Json(context, failure.Status, failure.Body ?? """{"error":{"message":"Service temporarily unavailable","code":2}}""");
                return;
            }
            var id = $"wamid.fake{Interlocked.Increment(ref _ids)}";
            _sends.Enqueue(new WhatsAppSend(phoneId, body, 200, id, DateTime.UtcNow));
            if (_beforeAccepting.TryRemove(phoneId, out var first)) await first(id);
            var to = (body["to"] ?? body["recipient"])?.GetValue<string>();
            await Json(context, 200, new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to }),
                ["messages"] = new JsonArray(new JsonObject { ["id"] = id }),
            }.ToJsonString());
            return;
        }
        if (segments is [Version, var id2] && context.Request.Method == "GET")
        {
            if (Media.TryGetValue(id2, out var media))
            {
                await Json(context, 200, new JsonObject
                {
                    ["url"] = $"{Url}/media-download/{id2}", ["mime_type"] = media.Type, ["file_size"] = media.Content.Length, ["id"] = id2,
                    ["messaging_product"] = "whatsapp",
                }.ToJsonString());
                return;
            }
            if (id2.All(char.IsAsciiDigit))
            {
                await Json(context, 200, new JsonObject { ["display_phone_number"] = "+1 555-000-1111", ["verified_name"] = "Fake Biz", ["id"] = id2 }.ToJsonString());
                return;
            }
        }
        await Json(context, 404, """{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100}}""");
    }

    private static async Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
