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
        var texts = Enumerable.Range(0, TokenCounter.Remembered + 50)
            .Select(i => $"Message {i}: " + string.Concat(Enumerable.Repeat("a three-tier wedding cake, ", i % 7)))
            .ToList();

        foreach (var text in texts) Assert.Equal(tokenizer.CountTokens(text), counter.Count(text));
        // Asked again, some from memory and some (the memory has started over) counted afresh: the same answers.
        foreach (var text in texts.Take(200).Concat(texts.TakeLast(50))) Assert.Equal(tokenizer.CountTokens(text), counter.Count(text));
        Assert.Equal(0, counter.Count(""));
    }
}
