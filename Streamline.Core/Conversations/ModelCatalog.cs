using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Ai;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

/// <summary>What the AI is asked to do: proposals and plans are worth a better model than a chat turn.</summary>
public enum AiTask { SalesReply, Proposal, Planning, Assistant, Extraction }

/// <summary>The model chosen for one call and what it costs.</summary>
public sealed record PricedModel(string Name, long InputMicrodollarsPer1K, long OutputMicrodollarsPer1K, ModelTier Tier)
{
    /// <summary>
    /// Credits for a call: the provider's price for the tokens used plus the margin, rounded up to the next
    /// millicredit (1 millicredit = $0.0001 = 100 micro-dollars). Integer arithmetic throughout.
    /// </summary>
    public long CostMillicredits(int inputTokens, int outputTokens)
    {
        // micro-dollars × 1000 (the prices are per 1K tokens): exact.
        var scaled = (Int128)inputTokens * InputMicrodollarsPer1K + (Int128)outputTokens * OutputMicrodollarsPer1K;
        // × (100 + margin)% ÷ 1000 (per 1K) ÷ 100 (µ$ per mc) ÷ 100 (percent), rounded up.
        var numerator = scaled * (100 + ModelCatalog.MarginPercent);
        const long denominator = 1000L * 100 * 100;
        return (long)((numerator + denominator - 1) / denominator);
    }
}

/// <summary>
/// The model catalog: "auto" picks the cheapest active model of the tier a task needs, among the models of
/// the current mode: the embedded engine offline; online, the catalog's models when the configured
/// <c>AI:Model</c> is one of them, otherwise that model alone.
/// </summary>
public sealed class ModelCatalog(StreamlineDbContext db, ModelCatalogCache models, IOptions<AiOptions> options)
{
    public const string OfflineModelName = "streamline-offline";

    /// <summary>Added on top of the provider's price, as the product promises.</summary>
    public const int MarginPercent = 15;

    /// <summary>A prompt beyond this many tokens (long history, many passages) counts as a complex turn.</summary>
    public const int ComplexPromptTokens = 3000;

    public static ModelTier TierFor(AiTask task, int promptTokens) => task switch
    {
        AiTask.SalesReply => promptTokens > ComplexPromptTokens ? ModelTier.Balanced : ModelTier.Fast,
        _ => ModelTier.Balanced,
    };

    public async Task<PricedModel> PickAsync(AiTask task, int promptTokens, CancellationToken ct = default)
    {
        var wanted = TierFor(task, promptTokens);
        var (online, configured) = (options.Value.IsOnline, options.Value.Model);
        var catalog = await models.GetAsync(db, ct);
        return Picks.GetValue(catalog, _ => new()).GetOrAdd((wanted, online, configured), _ => Pick(catalog, wanted, online, configured));
    }

    /// <summary>
    /// Picks made from a catalog, by what they depend on. The cache hands out the same list until any model changes (a new
    /// list then), so a pick is made once per catalog instead of three times on the way to every reply's first word.
    /// </summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<AiModel>, ConcurrentDictionary<(ModelTier, bool, string?), PricedModel>> Picks = new();

    private static PricedModel Pick(IReadOnlyList<AiModel> catalog, ModelTier wanted, bool online, string? configured)
    {
        var candidates = catalog.Where(m => m.Active && (online ? m.Name != OfflineModelName : m.Name == OfflineModelName)).ToList();
        // Online, the catalog's models are only known to be served when the configured one is among them
        // (an Ollama server has none of OpenAI's names).
        if (online && !candidates.Any(m => m.Name == configured)) candidates.Clear();
        if (candidates.Count == 0)
        {
            // Nothing usable in the catalog: the configured model, charged as the dearest model listed, so a
            // catalog mistake can undercharge nobody. Offline with the engine deactivated, the same rule.
            var dearest = catalog.OrderByDescending(m => m.OutputMicrodollarsPer1K).FirstOrDefault();
            return new PricedModel(online ? configured! : OfflineModelName,
                dearest?.InputMicrodollarsPer1K ?? 0, dearest?.OutputMicrodollarsPer1K ?? 0, wanted);
        }
        // The wanted tier if the catalog has it, otherwise the nearest one, preferring better over worse.
        var pick = candidates
            .OrderBy(m => Math.Abs((int)m.Tier - (int)wanted))
            .ThenByDescending(m => m.Tier)
            .ThenBy(m => m.InputMicrodollarsPer1K + m.OutputMicrodollarsPer1K)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .First();
        return new PricedModel(pick.Name, pick.InputMicrodollarsPer1K, pick.OutputMicrodollarsPer1K, pick.Tier);
    }
}
