using System.ClientModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streamline.Core.Ai;

namespace Streamline.Tests.Ai;

/// <summary>
/// The app's <see cref="IChatClient"/>, exactly as DI builds it from <c>AI:*</c>, against a local server that
/// speaks the chat-completions API: what goes over the wire and what comes back through the abstraction.
/// </summary>
public sealed class ChatClientTests : IAsyncLifetime
{
    private FakeChatModel _model = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync() => _model = await FakeChatModel.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _model.DisposeAsync();
    }

    private IChatClient ChatClient(int timeoutSeconds = 10, int maxRetries = 0)
    {
        var provider = Services(new Dictionary<string, string?>
        {
            ["AI:Endpoint"] = _model.Endpoint,
            ["AI:ApiKey"] = "sk-test-key",
            ["AI:Model"] = "test-model",
            ["AI:TimeoutSeconds"] = timeoutSeconds.ToString(),
            ["AI:MaxRetries"] = maxRetries.ToString(),
        });
        return provider.GetRequiredService<IChatClient>();
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var provider = new ServiceCollection().AddAi(config).BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    [Fact]
    public async Task A_whole_reply_comes_back_with_the_tokens_the_provider_counted()
    {
        _model.Enqueue(ScriptedReply.Text("Hi ", "there!") with { InputTokens = 42, OutputTokens = 7 });

        var response = await ChatClient().GetResponseAsync("Hello");

        Assert.Equal("Hi there!", response.Text);
        Assert.Equal(42, response.Usage?.InputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_streamed_reply_arrives_in_several_updates_in_order()
    {
        _model.Enqueue(ScriptedReply.Text("We ", "build ", "websites", ".") with { InputTokens = 30, OutputTokens = 4 });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in ChatClient().GetStreamingResponseAsync("What do you do?")) updates.Add(update);

        Assert.Equal(["We ", "build ", "websites", "."], updates.Select(u => u.Text).Where(t => t.Length > 0));
        var response = updates.ToChatResponse();
        Assert.Equal("We build websites.", response.Text);
        Assert.Equal(30, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.True(_model.Requests.Single().Body["stream_options"]?["include_usage"]?.GetValue<bool>(),
            "usage is only streamed when asked for");
    }

    [Fact]
    public async Task A_streamed_tool_call_comes_back_as_a_function_call_with_its_arguments_parsed()
    {
        _model.Enqueue(ScriptedReply.ToolCall("save_contact", "{\"name\":\"Ada", " Lovelace\",\"email\":", "\"ada@example.test\"}"));
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}},"required":["name"]}
            """).RootElement;
        var options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("save_contact", "Saves the visitor's details.", schema)] };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in ChatClient().GetStreamingResponseAsync("I'm Ada Lovelace, ada@example.test", options))
            updates.Add(update);

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("save_contact", call.Name);
        Assert.Equal("call_save_contact", call.CallId);
        Assert.Equal("Ada Lovelace", call.Arguments?["name"]?.ToString());
        Assert.Equal("ada@example.test", call.Arguments?["email"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates.ToChatResponse().FinishReason);
        // Passed through, not invoked: the declaration reached the provider and nothing ran a second round.
        var request = Assert.Single(_model.Requests);
        Assert.Equal("save_contact", request.Body["tools"]?[0]?["function"]?["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_whole_tool_call_comes_back_as_a_function_call_too()
    {
        _model.Enqueue(ScriptedReply.ToolCall("hand_off", "{\"reason\":", "\"asked_for_human\"}"));

        var response = await ChatClient().GetResponseAsync("Can I talk to a person?");

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("hand_off", call.Name);
        Assert.Equal("asked_for_human", call.Arguments?["reason"]?.ToString());
    }

    [Fact]
    public async Task The_request_names_the_configured_model_and_sends_the_key_as_a_bearer_token()
    {
        await ChatClient().GetResponseAsync("Hello");

        var request = Assert.Single(_model.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("test-model", request.Body["model"]?.GetValue<string>());
        Assert.Equal("Bearer sk-test-key", request.Header("Authorization"));
        Assert.Equal("Hello", request.Body["messages"]?[0]?["content"]?.ToString());
    }

    [Fact]
    public async Task A_provider_error_surfaces_as_an_exception()
    {
        using var _ = _model.Down(FakeChatModel.Outage.ServerError);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => ChatClient(maxRetries: 0).GetResponseAsync("Hello"));

        Assert.Equal(500, error.Status);
        Assert.Single(_model.Requests);
    }

    [Fact]
    public async Task A_provider_error_is_retried_as_many_times_as_configured()
    {
        using var _ = _model.Down(FakeChatModel.Outage.ServerError);

        await Assert.ThrowsAsync<ClientResultException>(() => ChatClient(maxRetries: 1).GetResponseAsync("Hello"));

        Assert.Equal(2, _model.Requests.Count);
    }

    [Fact]
    public async Task A_provider_that_never_answers_is_cut_off_by_the_timeout()
    {
        using var _ = _model.Down(FakeChatModel.Outage.Hang);
        var client = ChatClient(timeoutSeconds: 1);

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("Hello"));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stream_whose_first_token_never_comes_is_cut_off_by_the_timeout()
    {
        _model.FirstTokenDelay = TimeSpan.FromSeconds(30);
        var client = ChatClient(timeoutSeconds: 1);

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("Hello")) { }
        });

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stream_that_stalls_after_its_first_tokens_is_cut_off_by_the_timeout()
    {
        _model.ChunkDelay = TimeSpan.FromSeconds(30);
        _model.Enqueue(ScriptedReply.Text("We ", "build ", "websites."));
        var client = ChatClient(timeoutSeconds: 1);

        var received = new List<string>();
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hello")) received.Add(update.Text);
        });

        Assert.Equal("We ", string.Concat(received));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancelling_a_stream_stops_it_at_once()
    {
        _model.ChunkDelay = TimeSpan.FromSeconds(30);
        _model.Enqueue(ScriptedReply.Text("We ", "build ", "websites."));
        using var cancel = new CancellationTokenSource();

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in ChatClient().GetStreamingResponseAsync("Hello", cancellationToken: cancel.Token))
                if (update.Text.Length > 0) await cancel.CancelAsync();
        });

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_caller_can_name_another_model_for_one_request()
    {
        await ChatClient().GetResponseAsync("Hello", new ChatOptions { ModelId = "bigger-model" });

        Assert.Equal("bigger-model", _model.Requests.Single().Body["model"]?.GetValue<string>());
    }

    [Fact]
    public void Without_an_endpoint_or_a_key_the_app_is_offline_and_has_no_chat_client()
    {
        var provider = Services([]);

        Assert.Equal(AiMode.Offline, provider.GetRequiredService<IOptions<AiOptions>>().Value.Mode);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public void A_local_endpoint_without_a_key_is_online()
    {
        var provider = Services(new() { ["AI:Endpoint"] = _model.Endpoint, ["AI:Model"] = "llama3.2" });

        Assert.True(provider.GetRequiredService<IOptions<AiOptions>>().Value.IsOnline);
        Assert.NotNull(provider.GetService<IChatClient>());
    }

    [Fact]
    public void An_online_setup_without_a_model_fails_at_startup()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Services(new() { ["AI:ApiKey"] = "sk-test-key" }));

        Assert.Contains("AI:Model", error.Message);
    }
}
