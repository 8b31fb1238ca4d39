using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Hosting;
using Streamline.Core.Notifications;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Widget;

/// <summary>
/// The widget's daily AI-credit cap (<see cref="WidgetSettings.DailyAiCapMillicredits"/>): what today's (UTC) AI replies in
/// the workspace's widget conversations were charged, read from the replies themselves, against the cap. Checked at the
/// start of every AI turn, so it holds for the streaming request, the background job and the sweeper alike.
/// </summary>
public sealed class WidgetAiCap(StreamlineDbContext db, Notifier notifier, PublicUrl links, TimeProvider clock)
{
    public const string MailTemplate = "widget-ai-cap";

    /// <summary>
    /// Whether a turn in a <paramref name="channel"/> conversation must not call the AI because <paramref name="widget"/>'s
    /// cap is reached today; the first such turn of the day tells the owners.
    /// </summary>
    public async Task<bool> ReachedAsync(WidgetSettings? widget, ConversationChannel channel, CancellationToken ct = default)
    {
        if (channel != ConversationChannel.Widget || widget is not { DailyAiCapMillicredits: > 0 }) return false;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (await SpentOnAsync(widget.WorkspaceId, today, ct) < widget.DailyAiCapMillicredits) return false;
        await TellOwnersOnceAsync(widget.WorkspaceId, today, widget.DailyAiCapMillicredits, ct);
        return true;
    }

    /// <summary>What the AI replies in <paramref name="workspaceId"/>'s widget conversations were charged on <paramref name="day"/> (UTC).</summary>
    public Task<long> SpentOnAsync(Guid workspaceId, DateOnly day, CancellationToken ct = default)
    {
        var from = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var until = from.AddDays(1);
        return db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(m => m.WorkspaceId == workspaceId && m.Sender == MessageSender.Ai && m.CreatedAt >= from && m.CreatedAt < until
                        && db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace)
                            .Any(c => c.Id == m.ConversationId && c.Channel == ConversationChannel.Widget))
            .SumAsync(m => m.CostMillicredits, ct);
    }

    /// <summary>The day is claimed on the widget's row in one conditional write: two processes or a retry cannot both mail.</summary>
    private async Task TellOwnersOnceAsync(Guid workspaceId, DateOnly today, long cap, CancellationToken ct)
    {
        var claimed = await db.WidgetSettings.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(w => w.WorkspaceId == workspaceId && (w.AiCapNotifiedOn == null || w.AiCapNotifiedOn != today))
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.AiCapNotifiedOn, today), ct);
        if (claimed == 0) return;
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct);
        var values = new Dictionary<string, string>
        {
            ["Workspace"] = name, ["Cap"] = CreditAmount.Credits(cap), ["WidgetUrl"] = links.Link("/widget"),
        };
        await notifier.SendAsync(workspaceId, Notifications.NotificationKind.LowBalance, await db.OwnerEmailsAsync(workspaceId, ct),
            MailTemplate, values, "/widget", ct);
        await db.SaveChangesAsync(ct);
    }
}
