using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Knowledge;
using Streamline.Tests.Support;

namespace Streamline.Tests.Knowledge;

public abstract class ExtractionTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private readonly KnowledgeScene _scene = new(app);

    private async Task<List<KnowledgePassage>> PassagesAsync(Guid documentId)
    {
        await using var db = app.Database.NewContext();
        return await db.KnowledgePassages.IgnoreQueryFilters().Where(p => p.DocumentId == documentId).OrderBy(p => p.Ordinal).ToListAsync();
    }

    private async Task<List<PassageTerm>> PostingsAsync(Guid documentId)
    {
        await using var db = app.Database.NewContext();
        var ids = await db.KnowledgePassages.IgnoreQueryFilters().Where(p => p.DocumentId == documentId).Select(p => p.Id).ToListAsync();
        return await db.PassageTerms.IgnoreQueryFilters().Where(t => ids.Contains(t.PassageId)).ToListAsync();
    }

    private async Task AssertIndexedAsync(KnowledgeDocument document, string sentence, string stem)
    {
        var passages = await PassagesAsync(document.Id);
        Assert.Equal(document.PassageCount, passages.Count);
        Assert.Contains(passages, p => p.Text.Contains(sentence));
        Assert.All(passages, p => Assert.True(p.TokenCount > 0 && p.TermCount > 0));
        Assert.Equal(passages.Sum(p => p.TokenCount), document.TokenCount);
        var postings = await PostingsAsync(document.Id);
        Assert.Contains(postings, t => t.Term == stem && t.WorkspaceId == document.WorkspaceId);
        Assert.DoesNotContain(postings, t => t.Term is "the" or "and" or "of"); // stop words are not indexed
    }

    [Fact]
    public async Task A_pdf_with_text_becomes_ready_with_passages_and_postings()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var document = await _scene.ReadyDocumentAsync(workspace, "deliveries.pdf", KnowledgeFiles.Pdf(
            "Deliveries", "We deliver fresh bread to offices every weekday morning.", "Orders placed before noon arrive the next day."));

        await AssertIndexedAsync(document, "We deliver fresh bread to offices every weekday morning.", "deliv");
        Assert.Contains((await PassagesAsync(document.Id)), p => p.Text.StartsWith("Deliveries\n"));
    }

    [Fact]
    public async Task A_word_document_becomes_ready_with_its_paragraphs_in_order()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var document = await _scene.ReadyDocumentAsync(workspace, "catering.docx", KnowledgeFiles.Docx(
            "# Catering", "We cater weddings for up to two hundred guests.", "Menus are tasted with the couple beforehand."));

        await AssertIndexedAsync(document, "We cater weddings for up to two hundred guests. Menus are tasted with the couple beforehand.", "wed");
        Assert.StartsWith("Catering\n", (await PassagesAsync(document.Id))[0].Text);
    }

    [Fact]
    public async Task A_markdown_file_keeps_its_words_and_drops_the_markup()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var document = await _scene.ReadyDocumentAsync(workspace, "returns.md",
            "# Returns\n\nYou can **return** any _unopened_ item within [30 days](https://shop.example/returns).\n\n```\nconsole.log('noise')\n```\n"u8.ToArray());

        var passage = Assert.Single(await PassagesAsync(document.Id));
        Assert.Equal("Returns\nYou can return any unopened item within 30 days.", passage.Text);
        await AssertIndexedAsync(document, "You can return any unopened item", "return");
    }

    [Fact]
    public async Task A_text_file_is_split_into_passages_that_keep_their_heading()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var longSection = string.Join(' ', Enumerable.Range(1, 60).Select(i => $"Sentence number {i} talks about our warranty terms."));
        var document = await _scene.ReadyDocumentAsync(workspace, "warranty.txt",
            System.Text.Encoding.UTF8.GetBytes($"Warranty\n{longSection}\n\nShipping\nWe ship worldwide."));

        var passages = await PassagesAsync(document.Id);
        Assert.True(passages.Count >= 4, $"{passages.Count} passages");
        Assert.All(passages, p => Assert.True(p.Text.Length <= PassageSplitter.MaxChars + 250, $"{p.Text.Length} characters"));
        Assert.All(passages[..^1], p => Assert.StartsWith("Warranty\n", p.Text));
        Assert.Equal("Shipping\nWe ship worldwide.", passages[^1].Text);
        await AssertIndexedAsync(document, "We ship worldwide.", "warranti");
    }

    [Fact]
    public async Task A_pdf_without_a_text_layer_fails_with_a_reason_and_a_retry_runs_it_again()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var upload = await _scene.UploadAsync(workspace, "scan.pdf", KnowledgeFiles.PdfWithoutText());
        Assert.True(upload.Succeeded, upload.Error);

        var failed = await _scene.ExtractedAsync(upload.Document!.Id);
        Assert.Equal(DocumentStatus.Failed, failed.Status);
        Assert.StartsWith("This PDF has no text layer (scanned image?).", failed.FailureReason);
        Assert.Equal(1, failed.Attempts);
        Assert.Empty(await PassagesAsync(failed.Id));

        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<DocumentLibrary>().RetryAsync(workspace, failed.Id, CancellationToken.None)));
        var again = await _scene.ExtractedAsync(failed.Id);
        Assert.Equal(DocumentStatus.Failed, again.Status);
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task A_failed_document_whose_file_is_readable_becomes_ready_when_retried()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var document = await _scene.ReadyDocumentAsync(workspace, "menu.md", "# Menu\n\nSourdough, rye and spelt loaves."u8.ToArray());
        // As a run that hit a timeout would have left it.
        await using (var db = app.Database.NewContext())
        {
            await db.KnowledgePassages.IgnoreQueryFilters().Where(p => p.DocumentId == document.Id).ExecuteDeleteAsync();
            await db.KnowledgeDocuments.IgnoreQueryFilters().Where(d => d.Id == document.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DocumentStatus.Failed).SetProperty(d => d.FailureReason, "We could not process this file after 5 tries."));
        }
        // Only failed documents can be retried, and only in their own workspace.
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<DocumentLibrary>().RetryAsync(Guid.NewGuid(), document.Id, CancellationToken.None)));

        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<DocumentLibrary>().RetryAsync(workspace, document.Id, CancellationToken.None)));
        var ready = await _scene.ExtractedAsync(document.Id);

        Assert.Equal(DocumentStatus.Ready, ready.Status);
        Assert.Null(ready.FailureReason);
        Assert.Single(await PassagesAsync(document.Id));
    }

    [Fact]
    public async Task The_sweeper_queues_a_claim_a_dead_worker_left_behind_and_it_is_processed()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var upload = await _scene.UploadAsync(workspace, "hours.txt", "Hours\nWe open at eight and close at six."u8.ToArray());
        var document = await _scene.ExtractedAsync(upload.Document!.Id);
        // Back to how a worker that died mid-way leaves it: claimed ten minutes ago, nothing stored.
        await using (var db = app.Database.NewContext())
        {
            await db.KnowledgePassages.IgnoreQueryFilters().Where(p => p.DocumentId == document.Id).ExecuteDeleteAsync();
            await db.KnowledgeDocuments.IgnoreQueryFilters().Where(d => d.Id == document.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DocumentStatus.Processing)
                .SetProperty(d => d.ProcessingStartedAt, DateTime.UtcNow.AddMinutes(-10))
                .SetProperty(d => d.PassageCount, 0));
        }

        var queued = await app.WithScopeAsync(sp => sp.GetRequiredService<SweepKnowledgeDocuments>().RunAsync(CancellationToken.None));

        // The app's own minutely sweep may have found it first, between the reset and this run; then a worker has
        // claimed it afresh since. Either way a sweep queued it, and it must end ready.
        if (queued == 0)
        {
            await using var db = app.Database.NewContext();
            var now = await db.KnowledgeDocuments.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == document.Id);
            Assert.True(now.Status == DocumentStatus.Ready || now.ProcessingStartedAt > DateTime.UtcNow.AddMinutes(-5),
                $"nothing queued the stale claim: {now.Status}, started {now.ProcessingStartedAt:O}");
        }
        var ready = await _scene.WaitForAsync(document.Id, d => d.Status == DocumentStatus.Ready);
        Assert.Equal(1, ready.PassageCount);
        Assert.Single(await PassagesAsync(document.Id));
    }

    [Fact]
    public async Task A_live_claim_is_not_taken_over()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var upload = await _scene.UploadAsync(workspace, "live.txt", "Someone is reading this right now."u8.ToArray());
        var document = await _scene.ExtractedAsync(upload.Document!.Id);
        var claimedAt = DateTime.UtcNow.AddSeconds(-5);
        await using (var db = app.Database.NewContext())
            await db.KnowledgeDocuments.IgnoreQueryFilters().Where(d => d.Id == document.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DocumentStatus.Processing).SetProperty(d => d.ProcessingStartedAt, claimedAt));

        await _scene.RunExtractionAsync(document.Id);

        await using var check = app.Database.NewContext();
        var after = await check.KnowledgeDocuments.IgnoreQueryFilters().SingleAsync(d => d.Id == document.Id);
        Assert.Equal(DocumentStatus.Processing, after.Status);
        Assert.Equal(document.Attempts, after.Attempts);
    }

    [Fact]
    public async Task Deleting_a_document_removes_its_file_passages_and_postings()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var keep = await _scene.ReadyDocumentAsync(workspace, "keep.txt", "Parking is free behind the shop."u8.ToArray());
        var gone = await _scene.ReadyDocumentAsync(workspace, "gone.docx", KnowledgeFiles.Docx("Gift cards never expire."));
        Assert.NotEmpty(await PostingsAsync(gone.Id));

        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<DocumentLibrary>().DeleteAsync(workspace, gone.Id, CancellationToken.None)));

        await using var db = app.Database.NewContext();
        Assert.False(await db.KnowledgeDocuments.IgnoreQueryFilters().AnyAsync(d => d.Id == gone.Id));
        Assert.Empty(await PassagesAsync(gone.Id));
        Assert.False(await db.PassageTerms.IgnoreQueryFilters().AnyAsync(t => t.Term == "gift"));
        Assert.Equal(Path.Combine(_scene.StorageRoot, workspace.ToString("N"), keep.Id.ToString("N")), Assert.Single(_scene.StoredFiles(workspace)));
        Assert.NotEmpty(await PostingsAsync(keep.Id));
    }
}

[Collection(SharedApps.Sqlite1)]
public sealed class ExtractionTestsOnSqlite(SqliteApp app) : ExtractionTests<SqliteApp>(app);

[Collection(SharedApps.Postgres1)]
public sealed class ExtractionTestsOnPostgres(PostgresApp app) : ExtractionTests<PostgresApp>(app);
