using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Knowledge;

/// <summary>Knowledge use cases run through the app's own services, as a page or a job would run them.</summary>
public sealed class KnowledgeScene(StreamlineApp app)
{
    public async Task<Guid> NewWorkspaceAsync()
    {
        await using var db = app.Database.NewContext();
        var workspace = new Workspace { Name = "Knowledge test", CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    /// <summary>Uploads through <see cref="DocumentLibrary"/>, with other limits when given.</summary>
    public Task<UploadResult> UploadAsync(Guid workspaceId, string fileName, byte[] bytes, KnowledgeOptions? limits = null) =>
        app.WithScopeAsync(sp =>
        {
            var library = limits is null
                ? sp.GetRequiredService<DocumentLibrary>()
                : new DocumentLibrary(sp.GetRequiredService<StreamlineDbContext>(), sp.GetRequiredService<DocumentStorage>(),
                    sp.GetRequiredService<IBackgroundJobClient>(), Options.Create(limits), TimeProvider.System,
                    sp.GetRequiredService<ILogger<DocumentLibrary>>());
            return library.UploadAsync(workspaceId, Guid.NewGuid(), fileName, new MemoryStream(bytes), bytes.Length, CancellationToken.None);
        });

    public Task RunExtractionAsync(Guid documentId) =>
        app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ExtractKnowledgeDocument>().RunAsync(documentId, CancellationToken.None);
            return true;
        });

    /// <summary>Runs the extraction here (the in-process job server may beat us to it; the lease lets one win) and waits for the outcome.</summary>
    public async Task<KnowledgeDocument> ExtractedAsync(Guid documentId)
    {
        await RunExtractionAsync(documentId);
        return await WaitForAsync(documentId, d => d.Status is DocumentStatus.Ready or DocumentStatus.Failed);
    }

    public async Task<KnowledgeDocument> ReadyDocumentAsync(Guid workspaceId, string fileName, byte[] bytes)
    {
        var upload = await UploadAsync(workspaceId, fileName, bytes);
        Assert.True(upload.Succeeded, upload.Error);
        var document = await ExtractedAsync(upload.Document!.Id);
        Assert.True(document.Status == DocumentStatus.Ready, $"{fileName}: {document.Status} {document.FailureReason}");
        return document;
    }

    public async Task<KnowledgeDocument> WaitForAsync(Guid documentId, Func<KnowledgeDocument, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = app.Database.NewContext();
            var document = await db.KnowledgeDocuments.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == documentId);
            if (done(document)) return document;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Document {documentId} is still {document.Status}.");
            await Task.Delay(100);
        }
    }

    public string StorageRoot => Path.Combine(app.DataDirectory, "knowledge");

    public IReadOnlyList<string> StoredFiles(Guid workspaceId)
    {
        var folder = Path.Combine(StorageRoot, workspaceId.ToString("N"));
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }
}
