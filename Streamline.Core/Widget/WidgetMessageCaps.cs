using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Widget;

/// <summary>The <c>Widget:</c> configuration section; a limit of 0 turns that limit off.</summary>
public sealed class WidgetOptions
{
    public const string Section = "Widget";

    /// <summary>Messages one widget conversation may send in an hour: far more than a person types, few enough to stop a script.</summary>
    public int VisitorMessagesPerHour { get; set; } = 60;

    /// <summary>Messages all of one workspace's widget conversations may send in an hour, whatever addresses they come from.</summary>
    public int WidgetMessagesPerHour { get; set; } = 600;
}

/// <summary>
/// Hourly message caps counted from the stored messages, so they hold across processes and restarts (the per-minute rate
/// limits are per process and per address). A refusal stores nothing and says so politely.
/// </summary>
public sealed class WidgetMessageCaps(StreamlineDbContext db, IOptions<WidgetOptions> options, TimeProvider clock)
{
    public const string VisitorRefusal = "You\u2019ve sent a lot of messages in the last hour. Please wait a while before sending more; the team will read what you wrote.";
    public const string WidgetRefusal = "The chat is very busy right now. Please try again in a little while.";

    /// <summary>Why a visitor may not send another message to <paramref name="conversationId"/> now, or null when they may.</summary>
    public async Task<string?> RefusalAsync(Guid workspaceId, Guid conversationId, CancellationToken ct = default)
    {
        var limits = options.Value;
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var sent = db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(m => m.WorkspaceId == workspaceId && m.Sender == MessageSender.Visitor && m.CreatedAt >= since);
        if (limits.VisitorMessagesPerHour > 0
            && await sent.CountAsync(m => m.ConversationId == conversationId, ct) >= limits.VisitorMessagesPerHour)
            return VisitorRefusal;
        if (limits.WidgetMessagesPerHour > 0
            && await sent.CountAsync(m => db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace)
                .Any(c => c.Id == m.ConversationId && c.Channel == ConversationChannel.Widget), ct) >= limits.WidgetMessagesPerHour)
            return WidgetRefusal;
        return null;
    }
}
