using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Streamline.Core.Ai;

/// <summary>
/// One chat client per model name: the catalog may pick a different model per task, and an OpenAI SDK
/// client is bound to its model. Clients are kept for the life of the process (they hold the HTTP pipeline).
/// </summary>
public sealed class ChatClients(IOptions<AiOptions> options, AiCallTimings timings) : IDisposable
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The model's client, every call timed for the monitoring page.</summary>
    public IChatClient For(string model) =>
        _clients.GetOrAdd(model, name =>
        {
            var settings = options.Value;
            return new TimedChatClient(AiServices.CreateChatClient(new AiOptions
            {
                Endpoint = settings.Endpoint, ApiKey = settings.ApiKey, Model = name,
                TimeoutSeconds = settings.TimeoutSeconds, MaxRetries = settings.MaxRetries,
            }), name, timings);
        });

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
