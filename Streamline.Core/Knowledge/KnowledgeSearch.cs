using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Knowledge;

public sealed record PassageHit(long PassageId, Guid DocumentId, string DocumentName, int Ordinal, string Text, int TokenCount, double Score);

/// <summary>One passage of a ready document containing one of the question's terms, and how often; the passage's length in terms.</summary>
public sealed record Posting(long PassageId, string Term, int Frequency, int TermCount);

/// <summary>
/// BM25 ranking over the term postings in the database. The database does the selective part (postings of
/// the question's few terms in one workspace, by index) and C# does the arithmetic, so the ranking is the same
/// on SQLite, PostgreSQL and SQL Server and every web or worker instance sees the same index.
/// </summary>
public sealed class KnowledgeSearch(StreamlineDbContext db, TermAnalyzer analyzer)
{
    // The usual BM25 constants: term frequency saturates quickly; long passages are moderately penalised.
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>
    /// The passages that best answer <paramref name="question"/>. <paramref name="postings"/> are its terms' postings (of
    /// <see cref="Terms"/>) when the caller has read them already (<see cref="PostingsSql"/>, as an AI turn's first round
    /// trip does), saving that query and the question's analysis.
    /// </summary>
    public async Task<IReadOnlyList<PassageHit>> SearchAsync(Guid workspaceId, string question, int limit, CancellationToken ct,
        IReadOnlyList<Posting>? postings = null)
    {
        if (limit <= 0 || postings is { Count: 0 }) return [];
        // Postings read ahead were read for the question's terms already (the caller analysed it), so it is not analysed again.
        var terms = postings is null ? Terms(analyzer, question) : null;
        if (terms is { Count: 0 }) return [];

        // Built only when a query runs: building it is most of what a search with nothing to find costs, and it is the
        // context's first use, which sets up its services (an AI turn whose postings came ahead then needs neither).
        var readyPassages = ReadyPassages(workspaceId);
        postings ??= await db.PassageTerms.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(t => t.WorkspaceId == workspaceId && terms!.Contains(t.Term))
            .Join(readyPassages, t => t.PassageId, p => p.Id, (t, p) => new Posting(t.PassageId, t.Term, t.Frequency, p.TermCount))
            .ToListAsync(ct);
        if (postings.Count == 0) return [];

        var stats = await readyPassages.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Terms = g.Sum(p => (long)p.TermCount) })
            .SingleAsync(ct);
        var averageLength = Math.Max(1.0, (double)stats.Terms / stats.Count);
        // Every posting is one passage containing the term, so the postings also give each term's document frequency.
        var idf = postings.GroupBy(p => p.Term).ToDictionary(g => g.Key, g =>
        {
            var df = g.Count();
            return Math.Log(1 + (stats.Count - df + 0.5) / (df + 0.5));
        });

        var ranked = postings
            .GroupBy(p => p.PassageId)
            .Select(g => (PassageId: g.Key, Score: g.Sum(p =>
                idf[p.Term] * p.Frequency * (K1 + 1) / (p.Frequency + K1 * (1 - B + B * p.TermCount / averageLength)))))
            .OrderByDescending(r => r.Score).ThenBy(r => r.PassageId)
            .Take(limit).ToList();

        var ids = ranked.Select(r => r.PassageId).ToList();
        var passages = await readyPassages.Where(p => ids.Contains(p.Id))
            .Join(db.KnowledgeDocuments.IgnoreQueryFilters(QueryFilters.Workspace), p => p.DocumentId, d => d.Id,
                (p, d) => new { p.Id, p.DocumentId, d.FileName, p.Ordinal, p.Text, p.TokenCount })
            .ToDictionaryAsync(p => p.Id, ct);
        return ranked.Where(r => passages.ContainsKey(r.PassageId)).Select(r =>
        {
            var p = passages[r.PassageId];
            return new PassageHit(p.Id, p.DocumentId, p.FileName, p.Ordinal, p.Text, p.TokenCount, r.Score);
        }).ToList();
    }

    /// <summary>The distinct terms searched for.</summary>
    public static List<string> Terms(TermAnalyzer analyzer, string question) => analyzer.Terms(question).Distinct().ToList();

    /// <summary>
    /// <see cref="SearchAsync"/>'s postings query in PostgreSQL, for a batch that reads them ahead: the same rows, in
    /// <see cref="Posting"/>'s column order. <paramref name="workspace"/> is the SQL giving the workspace's id; $2 is the terms (text[]).
    /// </summary>
    public static string PostingsSql(string workspace) => $$"""
        WITH w AS MATERIALIZED (SELECT {{workspace}} AS "Id")
        SELECT t."PassageId", t."Term", t."Frequency", p."TermCount"
        FROM w
        JOIN "PassageTerms" AS t ON t."WorkspaceId" = w."Id"
        JOIN "KnowledgePassages" AS p ON p."Id" = t."PassageId" AND p."WorkspaceId" = w."Id"
        JOIN "KnowledgeDocuments" AS d ON d."Id" = p."DocumentId" AND d."WorkspaceId" = w."Id" AND d."Status" = '{{nameof(DocumentStatus.Ready)}}'
        WHERE t."Term" = ANY($2)
        """;

    /// <summary>A row of <see cref="PostingsSql"/>, its columns starting at <paramref name="first"/>.</summary>
    public static Posting ReadPosting(System.Data.Common.DbDataReader reader, int first = 0) =>
        new(reader.GetInt64(first), reader.GetString(first + 1), reader.GetInt32(first + 2), reader.GetInt32(first + 3));

    private IQueryable<KnowledgePassage> ReadyPassages(Guid workspaceId) =>
        db.KnowledgePassages.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(p => p.WorkspaceId == workspaceId)
            .Join(db.KnowledgeDocuments.IgnoreQueryFilters(QueryFilters.Workspace)
                    .Where(d => d.WorkspaceId == workspaceId && d.Status == DocumentStatus.Ready),
                p => p.DocumentId, d => d.Id, (p, d) => p);
}
