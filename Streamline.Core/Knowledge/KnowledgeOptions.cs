namespace Streamline.Core.Knowledge;

/// <summary>Per-workspace limits on documents and how extraction is leased; bound to the <c>Knowledge</c> section.</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;
    public int MaxDocuments { get; set; } = 50;

    /// <summary>A claim older than this belongs to a worker that died; another may take the document over.</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Unexpected errors (not an unreadable file) are retried up to this many times before the document fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>What the assembly may spend on knowledge when the caller does not say.</summary>
    public int DefaultTokenBudget { get; set; } = 2_000;
}
