using Hangfire;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// Downloads a file a customer sent on a channel and attaches it to their stored message, under the same rules as a file
/// attached in the widget (<see cref="ChatAttachmentStore"/>): a file those rules refuse keeps its label, with the reason
/// on the channel row. Safe to run twice: the row forgets the media id once the file is attached.
/// </summary>
public sealed class FetchChannelMedia(StreamlineDbContext db, ChannelOutbox outbox, ChannelSecrets secrets, ChatAttachmentStore files)
{
    [AutomaticRetry(Attempts = 5)] // a provider's hiccup; the media stays downloadable for days
    public async Task RunAsync(Guid channelMessageId, CancellationToken ct)
    {
        var row = await db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace).SingleOrDefaultAsync(r => r.Id == channelMessageId, ct);
        if (row is not { MediaId: { } mediaId, ChatMessageId: { } chatMessageId }) return;
        var channel = await db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(c => c.Id == row.ChannelId, ct);
        if (outbox.ProviderFor(channel.Channel) is not { } provider) return;

        var media = await provider.FetchMediaAsync(channel, secrets.Unprotect(channel), new InboundMedia(mediaId, row.MediaType, row.MediaFileName),
            ChatAttachmentStore.MaxBytes, ct);
        if (media is null)
        {
            (row.MediaId, row.ErrorCode, row.ErrorMessage) = (null, "media-gone", "The provider no longer has this file.");
            await db.SaveChangesAsync(ct);
            return;
        }
        var name = media.FileName ?? row.MediaFileName ?? "file" + ExtensionOf(media.ContentType);
        if (Path.GetExtension(name).Length == 0) name += ExtensionOf(media.ContentType);
        var (checkedFiles, problem) = await ChatAttachmentStore.CheckAsync([new ChatUpload(name, media.Content.LongLength, new MemoryStream(media.Content))], ct);
        if (problem is not null)
        {
            (row.MediaId, row.ErrorCode, row.ErrorMessage) = (null, "media-refused", problem.Length <= 1000 ? problem : problem[..1000]);
            await db.SaveChangesAsync(ct);
            return;
        }
        var message = await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(m => m.Id == chatMessageId, ct);
        var saved = await files.SaveAsync(row.WorkspaceId, row.ConversationId, checkedFiles, ct);
        message.Attachments.AddRange(saved);
        row.MediaId = null;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Delete(row.WorkspaceId, row.ConversationId, saved);
            throw;
        }
    }

    private static string ExtensionOf(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "audio/ogg" => ".ogg",
        "audio/mpeg" => ".mp3",
        "video/mp4" => ".mp4",
        _ => ".bin",
    };
}
