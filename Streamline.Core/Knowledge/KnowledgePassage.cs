using Streamline.Core.Workspaces;

namespace Streamline.Core.Knowledge;

/// <summary>A retrievable piece of a document: a few sentences that can answer a question on their own.</summary>
public class KnowledgePassage : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid DocumentId { get; set; }

    /// <summary>Position in the document, so neighbours can be read in order.</summary>
    public int Ordinal { get; set; }

    public required string Text { get; set; }

    /// <summary>Number of indexed terms: the document length in BM25.</summary>
    public int TermCount { get; set; }

    /// <summary>Tokens as the model counts them, so the knowledge assembly can keep to its budget without re-counting.</summary>
    public int TokenCount { get; set; }
}

/// <summary>
/// One posting of the relevance index: how often an analysed term occurs in a passage. The index lives in
/// the database, so it works the same on every provider and every instance sees the same one.
/// </summary>
public class PassageTerm : IWorkspaceOwned
{
    public long PassageId { get; set; }
    public required string Term { get; set; }
    public Guid WorkspaceId { get; set; }
    public int Frequency { get; set; }
}
