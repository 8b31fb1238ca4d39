using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Analytics;

/// <summary>
/// Counts one UTC day's measures from the rows themselves, the one place where each is defined:
/// <list type="bullet">
/// <item>conversations: started in the hour; engaged: of those, the ones where the visitor wrote; answered: of those, the
/// ones where an AI or human message followed the visitor's first; first response: the wait for that message;</item>
/// <item>visitor messages, AI replies, human replies and AI cost (credits captured on AI messages): written in the hour;</item>
/// <item>handoffs (a handoff reason is set), leads (the contact left an e-mail or phone), qualified leads (the lead score
/// reached the threshold), proposals sent and accepted, accepted value, jobs created from proposals, and the orders
/// <see cref="IOrderAttribution"/> attributes: of the conversations started in the hour.</item>
/// </list>
/// Everything is attributed to the conversation's campaign and channel. The same method serves the stored days and
/// today's live numbers, so the two cannot count differently.
/// </summary>
public sealed class DailyStatsCalculator(StreamlineDbContext db, IOrderAttribution orders)
{
    private sealed record StartedConversation(
        Guid WorkspaceId, DateTime CreatedAt, Guid? CampaignId, ConversationChannel Channel, bool Lead, bool Qualified, bool Handoff,
        int ProposalsSent, int ProposalsAccepted, long AcceptedCents, int Jobs, DateTime? FirstVisitorAt, DateTime? FirstReplyAt);

    private sealed record MessageCount(Guid WorkspaceId, int Hour, Guid? CampaignId, ConversationChannel Channel, MessageSender Sender, int Count, long Cost);

    private readonly record struct Key(Guid WorkspaceId, int Hour, Guid? CampaignId, ConversationChannel Channel);

    /// <summary>Every workspace's rows of <paramref name="day"/> (for the aggregation job).</summary>
    public Task<List<DailyStat>> AcrossWorkspacesAsync(DateOnly day, CancellationToken ct) => ComputeAsync(day, acrossWorkspaces: true, ct);

    /// <summary>The current workspace's rows of <paramref name="day"/>, unsaved (today's live numbers).</summary>
    public Task<List<DailyStat>> ForCurrentWorkspaceAsync(DateOnly day, CancellationToken ct) => ComputeAsync(day, acrossWorkspaces: false, ct);

    private async Task<List<DailyStat>> ComputeAsync(DateOnly day, bool acrossWorkspaces, CancellationToken ct)
    {
        var from = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = from.AddDays(1);
        var conversations = acrossWorkspaces ? db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace) : db.Conversations;
        var messages = acrossWorkspaces ? db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace) : db.ChatMessages;
        var proposals = acrossWorkspaces ? db.Proposals.IgnoreQueryFilters(QueryFilters.Workspace) : db.Proposals;
        var contacts = acrossWorkspaces ? db.Contacts.IgnoreQueryFilters(QueryFilters.Workspace) : db.Contacts;

        var started = await conversations.AsNoTracking()
            .Where(c => c.CreatedAt >= from && c.CreatedAt < to)
            .Select(c => new StartedConversation(
                c.WorkspaceId, c.CreatedAt, c.CampaignId, c.Channel,
                contacts.Any(k => k.Id == c.ContactId && (k.Email != null || k.Phone != null)),
                c.QualifiedAt != null,
                c.HandoffReason != null,
                proposals.Count(p => p.ConversationId == c.Id),
                proposals.Count(p => p.ConversationId == c.Id && p.Status == ProposalStatus.Accepted),
                proposals.Where(p => p.ConversationId == c.Id && p.Status == ProposalStatus.Accepted).Sum(p => (long?)p.TotalCents) ?? 0,
                proposals.Count(p => p.ConversationId == c.Id && p.JobId != null),
                messages.Where(m => m.ConversationId == c.Id && m.Sender == MessageSender.Visitor).Min(m => (DateTime?)m.CreatedAt),
                messages.Where(m => m.ConversationId == c.Id && (m.Sender == MessageSender.Ai || m.Sender == MessageSender.Human)
                        && m.Sequence > messages.Where(v => v.ConversationId == c.Id && v.Sender == MessageSender.Visitor).Min(v => (int?)v.Sequence))
                    .Min(m => (DateTime?)m.CreatedAt)))
            .ToListAsync(ct);

        var written = await messages.AsNoTracking()
            .Where(m => m.CreatedAt >= from && m.CreatedAt < to && m.Sender != MessageSender.System)
            .Join(conversations, m => m.ConversationId, c => c.Id, (m, c) => new { m.WorkspaceId, m.CreatedAt.Hour, c.CampaignId, c.Channel, m.Sender, m.CostMillicredits })
            .GroupBy(x => new { x.WorkspaceId, x.Hour, x.CampaignId, x.Channel, x.Sender })
            .Select(g => new MessageCount(g.Key.WorkspaceId, g.Key.Hour, g.Key.CampaignId, g.Key.Channel, g.Key.Sender, g.Count(), g.Sum(x => x.CostMillicredits)))
            .ToListAsync(ct);

        var attributed = await orders.ForConversationsStartedAsync(from, to, acrossWorkspaces ? null : db.CurrentWorkspaceId, ct);

        var rows = new Dictionary<Key, DailyStat>();
        DailyStat Row(Guid workspaceId, int hour, Guid? campaignId, ConversationChannel channel)
        {
            var key = new Key(workspaceId, hour, campaignId, channel);
            if (!rows.TryGetValue(key, out var row))
                rows[key] = row = new DailyStat { WorkspaceId = workspaceId, Day = day, Hour = hour, CampaignId = campaignId, Channel = channel };
            return row;
        }

        foreach (var c in started)
        {
            var buckets = new int[FirstResponseTimes.Bounds.Length + 1];
            var answered = c.FirstVisitorAt is not null && c.FirstReplyAt is not null;
            if (answered) buckets[FirstResponseTimes.BucketOf(c.FirstReplyAt!.Value - c.FirstVisitorAt!.Value)]++;
            Row(c.WorkspaceId, c.CreatedAt.Hour, c.CampaignId, c.Channel).Add(Measures.Zero with
            {
                Conversations = 1,
                ConversationsEngaged = c.FirstVisitorAt is null ? 0 : 1,
                ConversationsAnswered = answered ? 1 : 0,
                Handoffs = c.Handoff ? 1 : 0,
                Leads = c.Lead ? 1 : 0,
                QualifiedLeads = c.Qualified ? 1 : 0,
                ProposalsSent = c.ProposalsSent,
                ProposalsAccepted = c.ProposalsAccepted,
                ProposalRevenueCents = c.AcceptedCents,
                JobsCreated = c.Jobs,
                FirstResponse = FirstResponseTimes.From(buckets),
            });
        }

        foreach (var m in written)
        {
            Row(m.WorkspaceId, m.Hour, m.CampaignId, m.Channel).Add(Measures.Zero with
            {
                VisitorMessages = m.Sender == MessageSender.Visitor ? m.Count : 0,
                AiReplies = m.Sender == MessageSender.Ai ? m.Count : 0,
                HumanReplies = m.Sender == MessageSender.Human ? m.Count : 0,
                AiCostMillicredits = m.Sender == MessageSender.Ai ? m.Cost : 0,
            });
        }

        foreach (var o in attributed)
            Row(o.WorkspaceId, o.ConversationStartedAt.Hour, o.CampaignId, o.Channel).Add(Measures.Zero with { Orders = o.Orders, OrderRevenueCents = o.RevenueCents });

        return [.. rows.Values.OrderBy(r => r.WorkspaceId).ThenBy(r => r.Hour)];
    }
}
