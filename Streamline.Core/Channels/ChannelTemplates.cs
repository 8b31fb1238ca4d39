using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// The approved WhatsApp templates a workspace keeps per channel (name, language, how many body parameters), and sending
/// one from the inbox when the 24-hour window is closed. A template goes out like a person's reply: the holder of the
/// conversation sends it, and its outbound row is written in the same save as its chat message.
/// </summary>
public sealed class ChannelTemplates(StreamlineDbContext db, ConversationLog log, ChannelOutbound outbound, TimeProvider clock)
{
    public const int MaxParameters = 10;
    public const int MaxParameterLength = 1000;

    /// <summary>The workspace's templates for the channel a conversation is on (the workspace filter applies).</summary>
    public async Task<IReadOnlyList<ChannelMessageTemplate>> ForConversationAsync(Guid conversationId, CancellationToken ct = default)
    {
        var channelId = await db.ChannelMessages.Where(r => r.ConversationId == conversationId && r.Direction == ChannelDirection.Inbound)
            .OrderByDescending(r => r.CreatedAt).Select(r => (Guid?)r.ChannelId).FirstOrDefaultAsync(ct);
        if (channelId is null) return [];
        return await db.ChannelMessageTemplates.Where(t => t.ChannelId == channelId).OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(ct);
    }

    /// <summary>Adds a template as approved in WhatsApp Manager; the channel must be one of the workspace's WhatsApp channels.</summary>
    public async Task<InboxResult> AddAsync(Guid channelId, string? name, string? language, int parameterCount, CancellationToken ct = default)
    {
        name = name?.Trim();
        language = language?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 512 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            return new(InboxError.Invalid, "Enter the template's name as WhatsApp Manager shows it: lower-case letters, digits and underscores.");
        if (string.IsNullOrEmpty(language) || language.Length > 20)
            return new(InboxError.Invalid, "Enter the template's language code, such as en_US.");
        if (parameterCount is < 0 or > MaxParameters) return new(InboxError.Invalid, $"A template here takes 0 to {MaxParameters} parameters.");
        var channel = await db.MessagingChannels.SingleOrDefaultAsync(c => c.Id == channelId && c.Channel == ConversationChannel.WhatsApp, ct);
        if (channel is null) return InboxResult.NotFound;
        if (await db.ChannelMessageTemplates.AnyAsync(t => t.ChannelId == channelId && t.Name == name && t.Language == language, ct))
            return new(InboxError.Invalid, $"“{name}” ({language}) is already on the list.");
        db.ChannelMessageTemplates.Add(new ChannelMessageTemplate
        {
            WorkspaceId = channel.WorkspaceId, ChannelId = channelId, Name = name, Language = language, ParameterCount = parameterCount,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return InboxResult.Ok;
    }

    /// <summary>The same for the WhatsApp number a conversation is on (the workspace filter decides whether it is visible).</summary>
    public async Task<InboxResult> AddForConversationAsync(Guid conversationId, string? name, string? language, int parameterCount,
        CancellationToken ct = default)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == conversationId, ct)) return InboxResult.NotFound;
        var channelId = await db.ChannelMessages.Where(r => r.ConversationId == conversationId && r.Direction == ChannelDirection.Inbound)
            .OrderByDescending(r => r.CreatedAt).Select(r => (Guid?)r.ChannelId).FirstOrDefaultAsync(ct);
        return channelId is { } id ? await AddAsync(id, name, language, parameterCount, ct) : InboxResult.NotFound;
    }

    public async Task<InboxResult> RemoveAsync(Guid templateId, CancellationToken ct = default) =>
        await db.ChannelMessageTemplates.Where(t => t.Id == templateId).ExecuteDeleteAsync(ct) == 1 ? InboxResult.Ok : InboxResult.NotFound;

    /// <summary>Sends <paramref name="templateId"/> with its parameters to the conversation's customer; only its holder may.</summary>
    public async Task<InboxResult> SendAsync(Guid conversationId, InboxActor actor, Guid templateId, IReadOnlyList<string?> parameters,
        CancellationToken ct = default)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == conversationId, ct)) return InboxResult.NotFound;
        var template = (await ForConversationAsync(conversationId, ct)).FirstOrDefault(t => t.Id == templateId);
        if (template is null) return new(InboxError.Invalid, "Choose one of this channel's templates.");
        var values = parameters.Select(p => p?.Trim() ?? "").ToList();
        if (values.Count != template.ParameterCount || values.Any(v => v.Length == 0))
            return new(InboxError.Invalid, $"“{template.Name}” takes {template.ParameterCount} parameter(s): fill in each.");
        if (values.Any(v => v.Length > MaxParameterLength))
            return new(InboxError.Invalid, $"Each parameter can be up to {MaxParameterLength:N0} characters.");
        if (await outbound.RouteAsync(conversationId, ConversationChannel.WhatsApp, ct) is not { } route) return InboxResult.NotFound;

        var text = $"[template: {template.Name} ({template.Language})]" + (values.Count > 0 ? " " + string.Join(" · ", values) : "");
        var message = new ChatMessage { Sender = MessageSender.Human, Text = text, AuthorUserId = actor.UserId };
        var json = JsonSerializer.Serialize(new ChannelTemplate(template.Name, template.Language, values));
        // Saved with the message by the log's save, or not at all; the log leaves a message's own rows as they are.
        db.ChannelMessages.Add(outbound.Row(route, message.Id, 0, ChannelOutbox.TemplateKind, template.Name, json));
        var posted = await log.AppendAsync(conversationId, message,
            allowed: c => c.Status == ConversationStatus.Human && c.AssignedUserId == actor.UserId, ct: ct);
        return posted ? InboxResult.Ok
            : new(InboxError.NotHeld, "Take over the conversation first, so that the AI stops answering while you write.");
    }
}
