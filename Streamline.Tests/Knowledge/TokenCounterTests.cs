using Microsoft.ML.Tokenizers;
using Streamline.Core.Knowledge;

namespace Streamline.Tests.Knowledge;

public sealed class TokenCounterTests
{
    [Fact]
    public void Remembered_counts_are_the_tokenizers_own_before_and_after_the_memory_starts_over()
    {
        var counter = new TokenCounter();
        var tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
        // Enough text to fill the memory more than once, and one text too long to be remembered at all.
        var texts = Enumerable.Range(0, 2_000)
            .Select(i => $"Message {i}: " + string.Concat(Enumerable.Repeat("a three-tier wedding cake, ", 50 + i % 150)))
            .Append(string.Concat(Enumerable.Repeat("A long document about cakes. ", TokenCounter.RememberedChars / 64 / 20)))
            .ToList();
        Assert.True(texts.Sum(t => (long)t.Length) > TokenCounter.RememberedChars);

        foreach (var text in texts) Assert.Equal(tokenizer.CountTokens(text), counter.Count(text));
        // Asked again, some from memory and some (the memory has started over) counted afresh: the same answers.
        foreach (var text in texts.Take(200).Concat(texts.TakeLast(50)).Concat(texts.TakeLast(1))) Assert.Equal(tokenizer.CountTokens(text), counter.Count(text));
        Assert.Equal(0, counter.Count(""));
    }
}
