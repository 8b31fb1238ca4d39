using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Streamline.Core.Ai;

public static class AiServices
{
    /// <summary>
    /// Binds <see cref="AiOptions"/> and, when a provider is configured, registers an <see cref="IChatClient"/>
    /// over the official OpenAI SDK. Offline there is deliberately no <see cref="IChatClient"/>, so nothing can
    /// reach a provider by accident.
    /// </summary>
    public static IServiceCollection AddAi(this IServiceCollection services, IConfiguration config)
    {
        var section = config.GetSection(AiOptions.Section);
        services.Configure<AiOptions>(section);
        services.AddSingleton(sp => new AiCallTimings(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        var options = section.Get<AiOptions>() ?? new AiOptions();
        if (!options.IsOnline) return services;

        // Fail at startup, not on a visitor's first message.
        if (string.IsNullOrWhiteSpace(options.Model))
            throw new InvalidOperationException("AI:Endpoint or AI:ApiKey is set but AI:Model is not: name the model to use.");
        if (options.TimeoutSeconds <= 0)
            throw new InvalidOperationException("AI:TimeoutSeconds must be positive.");

        // Tool calls are passed through, not invoked here (no UseFunctionInvocation): the conversation
        // service validates every argument against the workspace's own data, meters each round trip and
        // re-checks the human-takeover lock between rounds, all of which a generic invocation loop would hide.
        services.AddSingleton<ChatClients>();
        services.AddSingleton<IChatClient>(sp => sp.GetRequiredService<ChatClients>().For(options.Model));
        return services;
    }

    internal static IChatClient CreateChatClient(AiOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(Math.Max(0, options.MaxRetries)),
        };
        if (!string.IsNullOrWhiteSpace(options.Endpoint)) clientOptions.Endpoint = new Uri(options.Endpoint);

        // The SDK refuses an empty key; Ollama and vLLM ignore whatever is sent (Ollama's docs use "ollama").
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions)
            .GetChatClient(options.Model)
            .AsIChatClient();
    }
}
