using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Formatting;
using Streamline.Core.Hosting;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Conversations;

/// <summary>A file as a visitor sent it, before any check.</summary>
public sealed record ChatUpload(string FileName, long Length, Stream Content);

/// <summary>A file that passed every check, held in memory until the message is stored.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Files visitors attach to chat messages, on disk under DataDirectory/chat/&lt;workspace&gt;/&lt;conversation&gt;/&lt;id&gt;
/// (never wwwroot). Every file is checked before anything is written, so a refused message leaves nothing behind;
/// the type comes from the content, and the extension must agree with it.
/// </summary>
public sealed class ChatAttachmentStore(StreamlineDbContext db, StreamlinePaths paths)
{
    public const int MaxFiles = 3;
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxFileName = 200;

    /// <summary>For the file input's accept attribute: a hint to the picker, never the check.</summary>
    public const string Accepted = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt";

    /// <summary>The whole request: the files, the text and the multipart overhead.</summary>
    public const long MaxRequestBytes = MaxFiles * MaxBytes + 256 * 1024;

    private const string TypeRefusal = "can't be sent: attach images (PNG, JPEG, GIF, WebP), PDF or plain text files, with an extension that matches their content.";

    /// <summary>All files read and checked, or the reason the first bad one was refused.</summary>
    public static async Task<(List<CheckedFile> Files, string? Error)> CheckAsync(IReadOnlyList<ChatUpload> uploads, CancellationToken ct = default)
    {
        if (uploads.Count > MaxFiles) return ([], $"Attach at most {MaxFiles} files to one message.");
        var files = new List<CheckedFile>();
        foreach (var upload in uploads)
        {
            var name = SafeName(upload.FileName);
            if (upload.Length == 0) return ([], $"\u201c{name}\u201d is empty.");
            if (upload.Length > MaxBytes)
                return ([], $"\u201c{name}\u201d is {FileSize.Format(upload.Length)}; files can be at most {FileSize.Format(MaxBytes)}.");
            using var buffer = new MemoryStream();
            await upload.Content.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            if (bytes.LongLength > MaxBytes) return ([], $"\u201c{name}\u201d is larger than {FileSize.Format(MaxBytes)}.");
            var type = ContentTypeOf(bytes, Path.GetExtension(name).ToLowerInvariant());
            if (type is null) return ([], $"\u201c{name}\u201d {TypeRefusal}");
            files.Add(new CheckedFile(name, type, bytes));
        }
        return (files, null);
    }

    /// <summary>Writes the files of one message; call <see cref="Delete"/> if the message is then refused.</summary>
    public async Task<List<MessageAttachment>> SaveAsync(Guid workspaceId, Guid conversationId, IReadOnlyList<CheckedFile> files, CancellationToken ct = default)
    {
        var saved = new List<MessageAttachment>();
        try
        {
            foreach (var file in files)
            {
                var attachment = new MessageAttachment { FileName = file.FileName, ContentType = file.ContentType, Bytes = file.Content.LongLength };
                var path = PathOf(workspaceId, conversationId, attachment.Id);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                saved.Add(attachment);
                // Written before the message row: a crash leaves an orphan file, never a message whose file is missing.
                await File.WriteAllBytesAsync(path, file.Content, ct);
            }
            return saved;
        }
        catch
        {
            // A full disk or a cancelled request halfway through the files: none of them is kept.
            Delete(workspaceId, conversationId, saved);
            throw;
        }
    }

    /// <summary>Removes the files of a message that was not stored; a file that is not there (never written) is no error.</summary>
    public void Delete(Guid workspaceId, Guid conversationId, IEnumerable<MessageAttachment> attachments)
    {
        foreach (var attachment in attachments) File.Delete(PathOf(workspaceId, conversationId, attachment.Id));
    }

    /// <summary>The message (for the caller's permission check), the attachment and its content; null when there is no such file.</summary>
    public async Task<(ChatMessage Message, MessageAttachment Attachment, Stream Content)?> OpenAsync(Guid messageId, Guid attachmentId, CancellationToken ct = default)
    {
        var message = await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == messageId, ct);
        var attachment = message?.Attachments.SingleOrDefault(a => a.Id == attachmentId);
        if (message is null || attachment is null) return null;
        var path = PathOf(message.WorkspaceId, message.ConversationId, attachment.Id);
        return File.Exists(path) ? (message, attachment, File.OpenRead(path)) : null;
    }

    private string PathOf(Guid workspaceId, Guid conversationId, Guid attachmentId) =>
        Path.Combine(paths.DataDirectory, "chat", workspaceId.ToString("N"), conversationId.ToString("N"), attachmentId.ToString("N"));

    /// <summary>The type the content really is, when it is one we accept and the extension names it.</summary>
    internal static string? ContentTypeOf(byte[] bytes, string extension) =>
        Sniff(bytes) is var (type, extensions) && extensions.Contains(extension) ? type : null;

    private static (string Type, string[] Extensions)? Sniff(byte[] bytes)
    {
        ReadOnlySpan<byte> head = bytes;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ("image/png", [".png"]);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return ("image/jpeg", [".jpg", ".jpeg"]);
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return ("image/gif", [".gif"]);
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return ("image/webp", [".webp"]);
        // The knowledge upload's checks: a PDF must open, text must be UTF-8 without binary bytes.
        if (FileContentCheck.Problem(Knowledge.DocumentFormat.Pdf, bytes) is null) return ("application/pdf", [".pdf"]);
        if (FileContentCheck.Problem(Knowledge.DocumentFormat.Text, bytes) is null) return ("text/plain; charset=utf-8", [".txt"]);
        return null;
    }

    private static string SafeName(string fileName) => FileNames.Clean(fileName, MaxFileName, "file");
}
