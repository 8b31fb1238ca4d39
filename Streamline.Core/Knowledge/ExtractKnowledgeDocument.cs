using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Extracts a document's text, splits it into passages and indexes their terms. A lease (a conditional
/// UPDATE from Queued, or from a Processing claim gone stale) makes concurrent runs do the work once;
/// passages, postings and the Ready status are written in one transaction, so a crash leaves the document
/// as it was and the sweeper queues it again.
/// </summary>
public sealed class ExtractKnowledgeDocument(
    StreamlineDbContext db, DocumentStorage storage, TermAnalyzer analyzer, TokenCounter tokens,
    IOptions<KnowledgeOptions> options, TimeProvider clock, ILogger<ExtractKnowledgeDocument> log)
{
    private const int PassagesPerBatch = 500;

    private IQueryable<KnowledgeDocument> AllDocuments => db.KnowledgeDocuments.IgnoreQueryFilters(QueryFilters.Workspace);

    public async Task RunAsync(Guid documentId, CancellationToken ct)
    {
        var claimedAt = Truncate(clock.GetUtcNow().UtcDateTime);
        var staleBefore = claimedAt - options.Value.ProcessingLease;
        var claimed = await AllDocuments
            .Where(d => d.Id == documentId && (d.Status == DocumentStatus.Queued
                        || (d.Status == DocumentStatus.Processing && d.ProcessingStartedAt < staleBefore)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DocumentStatus.Processing)
                .SetProperty(d => d.ProcessingStartedAt, claimedAt)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
        if (claimed == 0) return; // done already, deleted, or another worker holds a live claim

        var document = await AllDocuments.AsNoTracking().SingleAsync(d => d.Id == documentId, ct);
        try
        {
            var passages = Analyse(document, await ReadAsync(document, ct));
            await StoreAsync(document, passages, claimedAt, ct);
        }
        catch (DocumentUnreadableException e)
        {
            await FailAsync(documentId, claimedAt, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Extracting document {DocumentId} failed (attempt {Attempt})", documentId, document.Attempts);
            db.ChangeTracker.Clear();
            if (document.Attempts >= options.Value.MaxAttempts)
            {
                await FailAsync(documentId, claimedAt,
                    $"We could not process this file after {document.Attempts} tries. Try again later; if it keeps failing, contact support.");
                return;
            }
            // Back to the queue for Hangfire's retry (or the sweeper); the next run claims it afresh.
            await ClaimedBy(documentId, claimedAt).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DocumentStatus.Queued)
                .SetProperty(d => d.ProcessingStartedAt, (DateTime?)null), CancellationToken.None);
            throw;
        }
    }

    private async Task<byte[]> ReadAsync(KnowledgeDocument document, CancellationToken ct)
    {
        try
        {
            return await storage.ReadAsync(document.StorageKey, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DocumentUnreadableException("The stored file is missing. Delete this document and upload it again.", e);
        }
    }

    private List<(KnowledgePassage Passage, Dictionary<string, int> Terms)> Analyse(KnowledgeDocument document, byte[] bytes)
    {
        var texts = PassageSplitter.Split(TextExtractor.Extract(document.Format, bytes));
        var result = new List<(KnowledgePassage, Dictionary<string, int>)>();
        foreach (var text in texts)
        {
            var terms = analyzer.Terms(text);
            if (terms.Count == 0) continue; // only stop words or symbols: nothing a question could find
            var passage = new KnowledgePassage
            {
                WorkspaceId = document.WorkspaceId,
                DocumentId = document.Id,
                Ordinal = result.Count,
                Text = text,
                TermCount = terms.Count,
                TokenCount = tokens.Count(text),
            };
            result.Add((passage, terms.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count())));
        }
        if (result.Count == 0) throw new DocumentUnreadableException("The file has no words we could index (only numbers or symbols?).");
        return result;
    }

    private async Task StoreAsync(KnowledgeDocument document, List<(KnowledgePassage Passage, Dictionary<string, int> Terms)> passages,
        DateTime claimedAt, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Leftovers of an earlier run whose claim went stale but which still committed.
        await db.KnowledgePassages.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(p => p.DocumentId == document.Id).ExecuteDeleteAsync(ct);
        foreach (var batch in passages.Chunk(PassagesPerBatch))
        {
            db.KnowledgePassages.AddRange(batch.Select(b => b.Passage));
            await db.SaveChangesAsync(ct); // assigns the passage ids the postings refer to
            db.PassageTerms.AddRange(batch.SelectMany(b => b.Terms.Select(t => new PassageTerm
            {
                PassageId = b.Passage.Id,
                Term = t.Key,
                WorkspaceId = document.WorkspaceId,
                Frequency = t.Value,
            })));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        var finished = await ClaimedBy(document.Id, claimedAt).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DocumentStatus.Ready)
            .SetProperty(d => d.PassageCount, passages.Count)
            .SetProperty(d => d.TokenCount, passages.Sum(p => p.Passage.TokenCount))
            .SetProperty(d => d.FailureReason, (string?)null)
            .SetProperty(d => d.ProcessingStartedAt, (DateTime?)null)
            .SetProperty(d => d.ProcessedAt, clock.GetUtcNow().UtcDateTime), ct);
        // Our claim was taken over (we were too slow) or the document was deleted: the other outcome stands.
        if (finished == 0) return;
        await transaction.CommitAsync(ct);
    }

    private Task<int> FailAsync(Guid documentId, DateTime claimedAt, string reason) =>
        ClaimedBy(documentId, claimedAt).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DocumentStatus.Failed)
            .SetProperty(d => d.FailureReason, reason)
            .SetProperty(d => d.ProcessingStartedAt, (DateTime?)null)
            .SetProperty(d => d.ProcessedAt, clock.GetUtcNow().UtcDateTime), CancellationToken.None);

    private IQueryable<KnowledgeDocument> ClaimedBy(Guid documentId, DateTime claimedAt) =>
        AllDocuments.Where(d => d.Id == documentId && d.Status == DocumentStatus.Processing && d.ProcessingStartedAt == claimedAt);

    /// <summary>PostgreSQL keeps microseconds: a claim time with .NET's 100 ns ticks would never compare equal again.</summary>
    private static DateTime Truncate(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
