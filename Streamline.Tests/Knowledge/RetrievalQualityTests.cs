using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Knowledge;
using Streamline.Tests.Support;
using Xunit.Abstractions;

namespace Streamline.Tests.Knowledge;

/// <summary>
/// A fictional garden-care business's FAQ, services, price list and policies (TestData), and questions a
/// visitor might ask in their own words: inflected, reordered, never a sentence copied from the text.
/// For each, the passage that answers it must be among the first three.
/// </summary>
public abstract class RetrievalQualityTests<TApp>(TApp app, ITestOutputHelper output) where TApp : StreamlineApp
{
    private readonly KnowledgeScene _scene = new(app);

    /// <summary>Question → a phrase found only in the passage that answers it.</summary>
    public static readonly TheoryData<string, string> Questions = new()
    {
        { "Do you serve gardens in Beaverton?", "surrounding suburbs" },
        { "Is your crew insured if something gets damaged?", "liability insurance" },
        { "Does someone have to stay at home while the gardeners come?", "side gate" },
        { "Will you still come when it is raining?", "heavy downpours" },
        { "Are the fertilisers you put down organic?", "organic fertiliser" },
        { "How can I make a booking?", "booking form" },
        { "Can I put my plan on hold during the winter months?", "paused from November" },
        { "Do you edge the borders when mowing?", "fortnightly mowing" },
        { "My hedge is really tall, can you still trim it?", "need a lift" },
        { "Do you prune apple and other fruit trees?", "certified arborists" },
        { "Could a designer draw up planting plans for my garden?", "drought-tolerant" },
        { "Do you install sprinklers?", "smart timers" },
        { "Can you clear the leaves in autumn?", "fallen leaves" },
        { "Will you plough the snow off my driveway?", "do not plough" },
        { "How much do you charge for trimming hedges?", "$60 per hour" },
        { "What is included in the monthly maintenance plan?", "costs $180" },
        { "Which payment methods are accepted?", "bank transfer" },
        { "Is there a discount for seniors or veterans?", "Seniors over 65" },
        { "What if I cancel my visit at the last minute?", "Later cancellations" },
        { "I'm not happy with the job, will you fix it?", "come back to fix it" },
        { "Do you take away soil or building rubble?", "construction rubble" },
        { "Are you open on Sundays?", "closed on Sundays" },
        { "Do I have to sign a long-term contract?", "month to month" },
    };

    [Fact]
    public async Task For_each_question_the_answering_passage_is_in_the_top_three()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var passages = 0;
        foreach (var file in new[] { "faq.md", "services.md", "pricing.txt", "policies.md" })
            passages += (await _scene.ReadyDocumentAsync(workspace, file, await File.ReadAllBytesAsync(KnowledgeFiles.TestData(file)))).PassageCount;
        Assert.True(passages >= 20, $"{passages} passages");
        // Another workspace with the same words must not change this one's results.
        await _scene.ReadyDocumentAsync(await _scene.NewWorkspaceAsync(), "other.md", "# Hedges\n\nOur hedge trimming is free on Sundays."u8.ToArray());

        var misses = new List<string>();
        foreach (var (question, answer) in Questions.Select(row => ((string)row[0], (string)row[1])))
        {
            var hits = await app.WithScopeAsync(sp => sp.GetRequiredService<KnowledgeSearch>().SearchAsync(workspace, question, 3, CancellationToken.None));
            var rank = hits.ToList().FindIndex(h => h.Text.Contains(answer, StringComparison.Ordinal));
            output.WriteLine($"{(rank >= 0 ? $"#{rank + 1}" : "miss")}  {question}  →  {string.Join(" | ", hits.Select(h => $"{h.Score:0.00} {h.Text[..Math.Min(50, h.Text.Length)].ReplaceLineEndings(" ")}"))}");
            Assert.DoesNotContain(hits, h => h.Text.Contains("free on Sundays"));
            if (rank < 0) misses.Add(question);
        }
        Assert.True(Questions.Count >= 20);
        Assert.Empty(misses);
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class RetrievalQualityTestsOnSqlite(SqliteApp app, ITestOutputHelper output) : RetrievalQualityTests<SqliteApp>(app, output);

[Collection(SharedApps.Postgres3)]
public sealed class RetrievalQualityTestsOnPostgres(PostgresApp app, ITestOutputHelper output) : RetrievalQualityTests<PostgresApp>(app, output);
