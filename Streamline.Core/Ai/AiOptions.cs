namespace Streamline.Core.Ai;

/// <summary>
/// <c>AI:*</c> settings for the chat model. Any server that speaks OpenAI's chat-completions API works:
/// OpenAI itself, Azure OpenAI's v1 endpoint, Ollama or vLLM. With neither a key nor an endpoint the app
/// runs offline on its embedded engine.
/// </summary>
public sealed class AiOptions
{
    public const string Section = "AI";

    /// <summary>
    /// The API root including its version segment, e.g. <c>http://localhost:11434/v1</c> (Ollama) or
    /// <c>https://my-resource.openai.azure.com/openai/v1/</c>. Unset means OpenAI's own API.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Sent as a bearer token. Local servers such as Ollama and vLLM need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model every request names unless a caller picks another.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// How long the provider may stay silent: for a whole answer, or between two chunks of a streamed one.
    /// The SDK's own default of 100 s would leave a visitor watching a typing indicator far past the point
    /// where the background job should take over.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Retries after a 5xx, a 429 or a network failure, before any of the answer has arrived. Kept low
    /// because a visitor is waiting and a failed reply is answered later by the background job anyway.
    /// </summary>
    public int MaxRetries { get; set; } = 1;

    public AiMode Mode => string.IsNullOrWhiteSpace(ApiKey) && string.IsNullOrWhiteSpace(Endpoint) ? AiMode.Offline : AiMode.Online;

    public bool IsOnline => Mode == AiMode.Online;
}

public enum AiMode
{
    /// <summary>No provider configured: the embedded engine answers from the campaign's chat flow.</summary>
    Offline,

    /// <summary>A chat-completions provider answers.</summary>
    Online,
}
