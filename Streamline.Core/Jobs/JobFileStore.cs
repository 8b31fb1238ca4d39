using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Formatting;
using Streamline.Core.Hosting;

namespace Streamline.Core.Jobs;

/// <summary>
/// A job's files on disk under DataDirectory/jobs/&lt;jobId&gt;/&lt;fileId&gt; (never wwwroot), with their rows.
/// The type comes from the content's first bytes; the extension must agree, so a renamed executable is refused.
/// </summary>
public sealed class JobFileStore(StreamlineDbContext db, StreamlinePaths paths, TimeProvider clock)
{
    public static readonly JobFileKind[] ImageKinds = [JobFileKind.Png, JobFileKind.Jpeg, JobFileKind.Gif, JobFileKind.Webp];

    public const string Accepted = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.docx,.xlsx,.zip,.txt";

    public static string ContentType(JobFileKind kind) => kind switch
    {
        JobFileKind.Png => "image/png",
        JobFileKind.Jpeg => "image/jpeg",
        JobFileKind.Gif => "image/gif",
        JobFileKind.Webp => "image/webp",
        JobFileKind.Pdf => "application/pdf",
        JobFileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        JobFileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        JobFileKind.Zip => "application/zip",
        _ => "text/plain; charset=utf-8",
    };

    public async Task<JobResult> UploadAsync(Guid jobId, JobActor actor, string fileName, Stream content, long length, CancellationToken ct)
    {
        if (length == 0) return JobResult.Invalid("The file is empty.", "Upload");
        if (length > JobLimits.FileBytes) return JobResult.Invalid($"Files can be at most {FileSize.Format(JobLimits.FileBytes)}.", "Upload");
        var job = await db.Jobs.VisibleTo(actor).AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobResult.NotFound;
        if (await db.JobFiles.VisibleTo(actor).CountAsync(f => f.JobId == jobId, ct) >= JobLimits.FilesPerJob)
            return JobResult.Invalid($"A job can hold at most {JobLimits.FilesPerJob} files; delete some first.", "Upload");

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var kind = Sniff(buffer, Path.GetExtension(fileName).ToLowerInvariant());
        if (kind is null)
            return JobResult.Invalid("That file type is not accepted, or the content does not match its extension. Upload images (PNG, JPEG, GIF, WebP), PDF, Word (.docx), Excel (.xlsx), ZIP or plain text.", "Upload");

        var file = new JobFile
        {
            WorkspaceId = job.WorkspaceId, JobId = job.Id, FileName = SafeName(fileName), Kind = kind.Value,
            SizeBytes = buffer.Length, UploadedByUserId = actor.UserId, UploadedByAdmin = actor.IsAdmin,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var path = PathOf(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written before the row is saved: a crash leaves an orphan file, never a row without its file.
        await File.WriteAllBytesAsync(path, buffer.ToArray(), ct);
        db.JobFiles.Add(file);
        db.Record(job, actor, file.CreatedAt, "Uploaded a file", after: file.FileName);
        await db.SaveChangesAsync(ct);
        return JobResult.Ok;
    }

    /// <summary>The file row and an open stream, or null when the actor cannot see it.</summary>
    public async Task<(JobFile File, Stream Content)?> OpenAsync(Guid jobId, Guid fileId, JobActor actor, CancellationToken ct)
    {
        var file = await db.JobFiles.VisibleTo(actor).AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.JobId == jobId, ct);
        if (file is null || !File.Exists(PathOf(file))) return null;
        return (file, File.OpenRead(PathOf(file)));
    }

    /// <summary>Admins delete any file; a customer only the files they uploaded themselves.</summary>
    public async Task<JobResult> DeleteAsync(Guid jobId, Guid fileId, JobActor actor, CancellationToken ct)
    {
        var file = await db.JobFiles.VisibleTo(actor).SingleOrDefaultAsync(f => f.Id == fileId && f.JobId == jobId, ct);
        if (file is null) return JobResult.NotFound;
        if (!actor.IsAdmin && file.UploadedByUserId != actor.UserId) return JobResult.NotAllowed;
        var job = await db.Jobs.VisibleTo(actor).SingleAsync(j => j.Id == jobId, ct);
        db.JobFiles.Remove(file);
        if (job.LogoFileId == fileId) job.LogoFileId = null;
        db.Record(job, actor, clock.GetUtcNow().UtcDateTime, "Deleted a file", before: file.FileName);
        await db.SaveChangesAsync(ct);
        File.Delete(PathOf(file));
        return JobResult.Ok;
    }

    public async Task<List<JobFile>> ListAsync(Guid jobId, JobActor actor, CancellationToken ct) =>
        await db.JobFiles.VisibleTo(actor).AsNoTracking().Where(f => f.JobId == jobId).OrderByDescending(f => f.CreatedAt).ToListAsync(ct);

    private string PathOf(JobFile file) => Path.Combine(paths.DataDirectory, "jobs", file.JobId.ToString("N"), file.Id.ToString("N"));

    internal static JobFileKind? Sniff(MemoryStream content, string extension)
    {
        var bytes = content.GetBuffer().AsSpan(0, (int)content.Length);
        JobFileKind? kind =
            bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? JobFileKind.Png :
            bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? JobFileKind.Jpeg :
            bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8) ? JobFileKind.Gif :
            bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? JobFileKind.Webp :
            bytes.StartsWith("%PDF-"u8) ? JobFileKind.Pdf :
            bytes.StartsWith("PK\x03\x04"u8) ? ZipKind(content) :
            IsText(bytes) ? JobFileKind.Text : null;
        return kind is { } k && Extensions(k).Contains(extension) ? k : null;
    }

    private static string[] Extensions(JobFileKind kind) => kind switch
    {
        JobFileKind.Png => [".png"],
        JobFileKind.Jpeg => [".jpg", ".jpeg"],
        JobFileKind.Gif => [".gif"],
        JobFileKind.Webp => [".webp"],
        JobFileKind.Pdf => [".pdf"],
        JobFileKind.Docx => [".docx"],
        JobFileKind.Xlsx => [".xlsx"],
        JobFileKind.Zip => [".zip"],
        _ => [".txt"],
    };

    /// <summary>Word and Excel files are ZIP packages; their main part tells them apart from a plain archive.</summary>
    private static JobFileKind? ZipKind(MemoryStream content)
    {
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("word/document.xml") is not null) return JobFileKind.Docx;
            if (zip.GetEntry("xl/workbook.xml") is not null) return JobFileKind.Xlsx;
            return JobFileKind.Zip;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0)) return false;
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string SafeName(string fileName) => FileNames.Clean(fileName, JobLimits.FileName, "file");
}
