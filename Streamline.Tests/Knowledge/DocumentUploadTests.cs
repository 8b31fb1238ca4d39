using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Knowledge;
using Streamline.Tests.Support;

namespace Streamline.Tests.Knowledge;

public abstract class DocumentUploadTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private readonly KnowledgeScene _scene = new(app);

    private async Task RefusedAsync(string fileName, byte[] bytes, string expected, KnowledgeOptions? limits = null)
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var result = await _scene.UploadAsync(workspace, fileName, bytes, limits);
        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
        await AssertNothingStoredAsync(workspace);
    }

    private async Task AssertNothingStoredAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        Assert.False(await db.KnowledgeDocuments.IgnoreQueryFilters().AnyAsync(d => d.WorkspaceId == workspace));
        Assert.Empty(_scene.StoredFiles(workspace));
    }

    [Fact]
    public Task A_file_over_the_size_limit_is_refused_and_nothing_is_stored() =>
        RefusedAsync("big.txt", Encoding.UTF8.GetBytes(new string('a', 2049)), "the limit is 2 KB per file",
            new KnowledgeOptions { MaxFileBytes = 2048 });

    [Fact]
    public async Task The_default_limits_are_ten_megabytes_and_fifty_documents()
    {
        var limits = new KnowledgeOptions();
        Assert.Equal(10 * 1024 * 1024, limits.MaxFileBytes);
        Assert.Equal(50, limits.MaxDocuments);
        await RefusedAsync("huge.txt", new byte[10 * 1024 * 1024 + 1], "the limit is 10 MB per file");
    }

    [Fact]
    public async Task One_document_over_the_workspace_count_is_refused()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var limits = new KnowledgeOptions { MaxDocuments = 2 };
        Assert.True((await _scene.UploadAsync(workspace, "one.txt", "First document."u8.ToArray(), limits)).Succeeded);
        Assert.True((await _scene.UploadAsync(workspace, "two.txt", "Second document."u8.ToArray(), limits)).Succeeded);

        var third = await _scene.UploadAsync(workspace, "three.txt", "Third document."u8.ToArray(), limits);

        Assert.Equal("This workspace already has 2 documents, the most it can keep. Delete one to upload another.", third.Error);
        await using var db = app.Database.NewContext();
        Assert.Equal(2, await db.KnowledgeDocuments.IgnoreQueryFilters().CountAsync(d => d.WorkspaceId == workspace));
        Assert.Equal(2, _scene.StoredFiles(workspace).Count);
    }

    [Fact]
    public async Task Concurrent_uploads_at_the_limit_never_leave_the_workspace_over_it()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var limits = new KnowledgeOptions { MaxDocuments = 3 };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            _scene.UploadAsync(workspace, $"doc-{i}.txt", System.Text.Encoding.UTF8.GetBytes($"Document number {i}."), limits))));

        await using var db = app.Database.NewContext();
        var kept = await db.KnowledgeDocuments.IgnoreQueryFilters().CountAsync(d => d.WorkspaceId == workspace);
        Assert.InRange(kept, 0, 3); // under a tight race every upload may be refused: never one too many
        Assert.Equal(kept, results.Count(r => r.Succeeded));
        Assert.Equal(kept, _scene.StoredFiles(workspace).Count);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains("the most it can keep", r.Error));
    }

    [Fact]
    public Task A_pdf_that_is_really_text_is_refused() =>
        RefusedAsync("prices.pdf", "Just some text pretending to be a PDF."u8.ToArray(), "The file is not a PDF");

    [Fact]
    public Task A_docx_that_is_a_zip_without_a_word_document_is_refused() =>
        RefusedAsync("notes.docx", KnowledgeFiles.ZipWithoutWordDocument(), "The file is not a valid Word document");

    [Fact]
    public Task A_docx_that_is_not_a_zip_at_all_is_refused() =>
        RefusedAsync("notes.docx", "plain text"u8.ToArray(), "The file is not a valid Word document");

    [Fact]
    public Task An_empty_file_is_refused() => RefusedAsync("empty.md", [], "The file is empty.");

    [Fact]
    public Task A_corrupt_pdf_is_refused() =>
        RefusedAsync("broken.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R"u8.ToArray(), "The PDF is damaged");

    [Fact]
    public Task A_truncated_docx_is_refused()
    {
        var docx = KnowledgeFiles.Docx("Hello there.");
        return RefusedAsync("cut.docx", docx[..(docx.Length / 2)], "The file is not a valid Word document");
    }

    [Fact]
    public Task A_text_file_that_is_not_utf8_is_refused() =>
        RefusedAsync("latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x6F, 0x70, 0x65, 0x6E], "not UTF-8 text");

    [Fact]
    public Task A_text_file_with_nul_bytes_is_refused() =>
        RefusedAsync("binary.txt", [0x41, 0x00, 0x42], "binary data");

    [Fact]
    public Task An_unsupported_extension_is_refused() =>
        RefusedAsync("photo.png", [0x89, 0x50, 0x4E, 0x47], "Only .txt, .md, .pdf and .docx files can be uploaded.");

    [Fact]
    public async Task The_same_file_twice_in_a_workspace_is_refused_with_the_first_ones_name()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var bytes = KnowledgeFiles.Pdf("Opening hours are nine to five.");
        Assert.True((await _scene.UploadAsync(workspace, "hours.pdf", bytes)).Succeeded);

        var again = await _scene.UploadAsync(workspace, "hours (copy).pdf", bytes);

        Assert.Equal("You already uploaded this file as “hours.pdf”.", again.Error);
        Assert.Single(_scene.StoredFiles(workspace));
        // Another workspace may have the same file.
        Assert.True((await _scene.UploadAsync(await _scene.NewWorkspaceAsync(), "hours.pdf", bytes)).Succeeded);
    }

    [Fact]
    public async Task The_file_name_is_cleaned_and_the_bytes_are_stored_under_our_own_ids()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        var result = await _scene.UploadAsync(workspace, "..\\..\\secret/../<evil>:name.md", "# Title\n\nSome text."u8.ToArray());

        Assert.True(result.Succeeded, result.Error);
        var document = result.Document!;
        Assert.Equal("evilname.md", document.FileName);
        Assert.Equal($"{workspace:N}/{document.Id:N}", document.StorageKey);
        var stored = Assert.Single(_scene.StoredFiles(workspace));
        Assert.Equal(Path.Combine(_scene.StorageRoot, workspace.ToString("N"), document.Id.ToString("N")), stored);
        Assert.Equal("# Title\n\nSome text."u8.ToArray(), await File.ReadAllBytesAsync(stored));
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class DocumentUploadTestsOnSqlite(SqliteApp app) : DocumentUploadTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class DocumentUploadTestsOnPostgres(PostgresApp app) : DocumentUploadTests<PostgresApp>(app);
