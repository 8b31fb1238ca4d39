namespace Streamline.Core.Conversations;

/// <summary>
/// One model in the catalog: what it costs the platform per 1,000 tokens and how good it is. Prices are in
/// micro-dollars (1 = $0.000001) per 1,000 tokens, so provider list prices such as $0.15 per million
/// tokens ($0.00015 per 1K = 150) stay exact integers.
/// </summary>
public class AiModel
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The provider's model name, sent as-is in each request. Unique.</summary>
    public required string Name { get; set; }
    public long InputMicrodollarsPer1K { get; set; }
    public long OutputMicrodollarsPer1K { get; set; }
    public ModelTier Tier { get; set; }
    public bool Active { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
}

public enum ModelTier { Fast, Balanced, Best }
