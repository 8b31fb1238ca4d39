using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Counts tokens the way current OpenAI models do (o200k_base). Loading the vocabulary is expensive, so
/// there is one instance per process (a DI singleton); counting is thread-safe.
/// <para>
/// Most text counted is text counted before: every AI turn counts the business profile, the campaigns, the instructions
/// and the whole history again, and only the newest message is new. So the last few thousand counts are remembered by
/// content; hashing a text costs a small fraction of tokenizing it.
/// </para>
/// </summary>
public sealed class TokenCounter
{
    /// <summary>Counts remembered at most; past this the memory starts over (cheaper than tracking what was used last).</summary>
    public const int Remembered = 4096;

    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _remembered;

    public int Count(string text)
    {
        if (text.Length == 0) return 0;
        if (_counts.TryGetValue(text, out var known)) return known;
        var count = _tokenizer.CountTokens(text);
        if (Interlocked.Increment(ref _remembered) > Remembered)
        {
            _counts.Clear();
            Interlocked.Exchange(ref _remembered, 1);
        }
        _counts[text] = count;
        return count;
    }
}
