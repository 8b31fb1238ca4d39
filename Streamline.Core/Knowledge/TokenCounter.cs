using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Counts tokens the way current OpenAI models do (o200k_base). Loading the vocabulary is expensive, so
/// there is one instance per process (a DI singleton); counting is thread-safe.
/// <para>
/// Most text counted is text counted before: every AI turn counts the business profile, the campaigns, the instructions
/// and the whole history again, and only the newest message is new. So recent counts are remembered by content, up to
/// <see cref="RememberedChars"/> characters of text in all; hashing a text costs a small fraction of tokenizing it.
/// </para>
/// </summary>
public sealed class TokenCounter
{
    /// <summary>Text remembered at most (8 MB as .NET strings); past this the memory starts over (cheaper than tracking what was used last).</summary>
    public const int RememberedChars = 4 * 1024 * 1024;

    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private long _rememberedChars;

    public int Count(string text)
    {
        if (text.Length == 0) return 0;
        if (_counts.TryGetValue(text, out var known)) return known;
        var count = _tokenizer.CountTokens(text);
        if (text.Length > RememberedChars / 64) return count; // a document, not a prompt part: not worth a slot
        if (Interlocked.Add(ref _rememberedChars, text.Length) > RememberedChars)
        {
            _counts.Clear();
            Interlocked.Exchange(ref _rememberedChars, text.Length);
        }
        _counts[text] = count;
        return count;
    }
}
