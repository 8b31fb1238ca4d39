using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Streamline.Core.Ai;
using Streamline.Core.Conversations;
using Streamline.Web.Pages.Conversations.Chat;

namespace Streamline.Web.Bench;

/// <summary>
/// The floor bench/chat.sh measures the widget against: the same two requests (post a message, then follow its reply
/// as server-sent events) and the same model call through the same <see cref="ReplyRelay"/>, with none of the
/// product's work: no database, no visitor, no prompt assembly, no credits, nothing stored. What a widget turn adds
/// over this is the app's own; what this adds over calling the model directly is the cost of two HTTP hops and a
/// relay on the machine at hand. Only mapped with Bench:Enabled.
/// </summary>
public static class BenchChatFloor
{
    public static void MapBenchChatFloor(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bench/chat/messages", async (HttpRequest request, ReplyRelay relay, ChatClients clients, IOptions<AiOptions> ai) =>
            {
                var text = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["text"].ToString();
                var id = Guid.NewGuid();
                var model = ai.Value.Model ?? "gpt-4o-mini";
                relay.Start(id, async onText =>
                {
                    var options = new ChatOptions { ModelId = model, MaxOutputTokens = AiResponder.MaxOutputTokens };
                    await foreach (var update in clients.For(model).GetStreamingResponseAsync([new(ChatRole.User, text)], options))
                        if (update.Text is { Length: > 0 } delta) await onText(delta);
                    return new ReplyResult(ReplyOutcome.Answered, []);
                });
                return Results.Content($"<div hx-ext=\"sse\" sse-connect=\"/bench/chat/stream/{id}\"></div>", "text/html");
            })
            .AllowAnonymous()
            .DisableAntiforgery();

        app.MapGet("/bench/chat/stream/{id:guid}", async (HttpContext http, Guid id, ReplyRelay relay) =>
            {
                var response = http.Response;
                http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                response.ContentType = "text/event-stream";
                async Task SendAsync(string name, string data)
                {
                    await response.WriteAsync(ChatPages.Event(name, data), http.RequestAborted);
                    await response.Body.FlushAsync(http.RequestAborted);
                }
                var following = relay.Follow(id, text => SendAsync("chunk", WebUtility.HtmlEncode(text)), http.RequestAborted);
                if (following is null)
                {
                    response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                try
                {
                    await response.StartAsync(http.RequestAborted);
                    await following;
                    await SendAsync("done", "<!-- floor -->");
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // The client left mid-stream; the reply goes on in the relay, as the product's stream lets it.
                }
            })
            .AllowAnonymous();
    }
}
