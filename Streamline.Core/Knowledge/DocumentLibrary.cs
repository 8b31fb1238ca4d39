using System.Security.Cryptography;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;
using Streamline.Core.Formatting;

namespace Streamline.Core.Knowledge;

public sealed record UploadResult(KnowledgeDocument? Document, string? Error)
{
    public bool Succeeded => Document is not null;
}

/// <summary>
/// A workspace's documents: upload (checked, stored, queued for extraction), retry, delete and reading the
/// stored bytes. Every method takes the workspace explicitly, so jobs and pages share one tenant rule.
/// </summary>
public sealed class DocumentLibrary(
    StreamlineDbContext db, DocumentStorage storage, IBackgroundJobClient jobs, IOptions<KnowledgeOptions> options,
    TimeProvider clock, ILogger<DocumentLibrary> log)
{
    private KnowledgeOptions Limits => options.Value;

    private IQueryable<KnowledgeDocument> Documents(Guid workspaceId) =>
        db.KnowledgeDocuments.IgnoreQueryFilters(QueryFilters.Workspace).Where(d => d.WorkspaceId == workspaceId);

    public async Task<UploadResult> UploadAsync(Guid workspaceId, Guid userId, string? fileName, Stream content, long length, CancellationToken ct)
    {
        var extension = Path.GetExtension(fileName ?? "");
        if (!DocumentFormats.ByExtension.TryGetValue(extension, out var format))
            return Refused("Only .txt, .md, .pdf and .docx files can be uploaded.");
        if (length == 0) return Refused("The file is empty.");
        if (length > Limits.MaxFileBytes)
            return Refused($"The file is {FileSize.Format(length)}; the limit is {FileSize.Format(Limits.MaxFileBytes)} per file.");

        var bytes = await ReadBoundedAsync(content, Limits.MaxFileBytes, ct);
        if (bytes is null)
            return Refused($"The file is larger than the limit of {FileSize.Format(Limits.MaxFileBytes)} per file.");
        if (FileContentCheck.Problem(format, bytes) is { } problem) return Refused(problem);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (await Documents(workspaceId).CountAsync(ct) >= Limits.MaxDocuments)
            return Refused($"This workspace already has {Limits.MaxDocuments} documents, the most it can keep. Delete one to upload another.");
        if (await DuplicateOfAsync(workspaceId, sha256, ct) is { } existing)
            return Refused($"You already uploaded this file as “{existing}”.");

        var document = new KnowledgeDocument
        {
            WorkspaceId = workspaceId,
            FileName = DocumentFileName.Sanitise(fileName, extension.ToLowerInvariant()),
            Format = format,
            SizeBytes = bytes.Length,
            StorageKey = "",
            Sha256 = sha256,
            UploadedByUserId = userId,
            UploadedAt = clock.GetUtcNow().UtcDateTime,
        };
        document.StorageKey = DocumentStorage.KeyFor(workspaceId, document.Id);

        // The file first, then the row: a row always has its file, and a failed insert removes the file again.
        await storage.WriteAsync(document.StorageKey, bytes, ct);
        try
        {
            db.KnowledgeDocuments.Add(document);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e)
        {
            storage.Delete(document.StorageKey);
            db.ChangeTracker.Clear();
            // Two uploads of the same file at once: the unique index lets one in.
            if (e is DbUpdateException && await DuplicateOfAsync(workspaceId, sha256, CancellationToken.None) is { } raced)
                return Refused($"You already uploaded this file as “{raced}”.");
            throw;
        }

        // The count above was read before our insert: two uploads at the limit could both pass it. Counting
        // again after the insert closes that gap; at worst both racing uploads are refused, never one too many.
        if (await Documents(workspaceId).CountAsync(CancellationToken.None) > Limits.MaxDocuments)
        {
            await Documents(workspaceId).Where(d => d.Id == document.Id).ExecuteDeleteAsync(CancellationToken.None);
            storage.Delete(document.StorageKey);
            return Refused($"This workspace already has {Limits.MaxDocuments} documents, the most it can keep. Delete one to upload another.");
        }
        Enqueue(document.Id);
        return new UploadResult(document, null);
    }

    /// <summary>Only a failed document goes back to the queue; the attempt count keeps its history.</summary>
    public async Task<bool> RetryAsync(Guid workspaceId, Guid documentId, CancellationToken ct)
    {
        var requeued = await Documents(workspaceId)
            .Where(d => d.Id == documentId && d.Status == DocumentStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DocumentStatus.Queued)
                .SetProperty(d => d.FailureReason, (string?)null)
                .SetProperty(d => d.ProcessingStartedAt, (DateTime?)null), ct);
        if (requeued == 0) return false;
        Enqueue(documentId);
        return true;
    }

    /// <summary>The row (and with it, by cascade, its passages and postings) first, then the file.</summary>
    public async Task<bool> DeleteAsync(Guid workspaceId, Guid documentId, CancellationToken ct)
    {
        var key = await Documents(workspaceId).Where(d => d.Id == documentId).Select(d => d.StorageKey).SingleOrDefaultAsync(ct);
        if (key is null) return false;
        await Documents(workspaceId).Where(d => d.Id == documentId).ExecuteDeleteAsync(ct);
        try
        {
            storage.Delete(key);
        }
        catch (IOException e)
        {
            log.LogWarning(e, "Document {DocumentId} was deleted but its file {StorageKey} could not be removed", documentId, key);
        }
        return true;
    }

    public async Task<(KnowledgeDocument Document, Stream Content)?> OpenAsync(Guid workspaceId, Guid documentId, CancellationToken ct)
    {
        var document = await Documents(workspaceId).AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, ct);
        if (document is null || !storage.Exists(document.StorageKey)) return null;
        return (document, storage.OpenRead(document.StorageKey));
    }

    private void Enqueue(Guid documentId) =>
        jobs.Enqueue<ExtractKnowledgeDocument>(j => j.RunAsync(documentId, CancellationToken.None));

    private Task<string?> DuplicateOfAsync(Guid workspaceId, string sha256, CancellationToken ct) =>
        Documents(workspaceId).Where(d => d.Sha256 == sha256).Select(d => d.FileName).FirstOrDefaultAsync(ct);

    /// <summary>The whole file, or null when it turns out longer than declared and the limit.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream content, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static UploadResult Refused(string error) => new(null, error);
}
