using Microsoft.ML.Tokenizers;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Counts tokens the way current OpenAI models do (o200k_base). Loading the vocabulary is expensive, so
/// there is one instance per process (a DI singleton); counting is thread-safe.
/// </summary>
public sealed class TokenCounter
{
    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public int Count(string text) => text.Length == 0 ? 0 : _tokenizer.CountTokens(text);
}
