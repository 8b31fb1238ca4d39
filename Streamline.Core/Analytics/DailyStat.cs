using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Conversations;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Analytics;

/// <summary>
/// The measures of one UTC hour of one day, for one campaign (or none) and one channel: written by the daily
/// aggregation, which replaces a day's rows whole, and summed by <see cref="AnalyticsQuery"/> for any period.
/// </summary>
public class DailyStat : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public DateOnly Day { get; set; }

    /// <summary>0–23, UTC.</summary>
    public int Hour { get; set; }
    public Guid? CampaignId { get; set; }
    public ConversationChannel Channel { get; set; }

    public int Conversations { get; set; }
    public int ConversationsEngaged { get; set; }
    public int ConversationsAnswered { get; set; }
    public int VisitorMessages { get; set; }
    public int AiReplies { get; set; }
    public int HumanReplies { get; set; }
    public int Handoffs { get; set; }
    public int Leads { get; set; }
    public int QualifiedLeads { get; set; }
    public int ProposalsSent { get; set; }
    public int ProposalsAccepted { get; set; }
    public long ProposalRevenueCents { get; set; }
    public int JobsCreated { get; set; }
    public int Orders { get; set; }
    public long OrderRevenueCents { get; set; }
    public long AiCostMillicredits { get; set; }
    public int FirstResponseWithin10s { get; set; }
    public int FirstResponseWithin30s { get; set; }
    public int FirstResponseWithin1m { get; set; }
    public int FirstResponseWithin5m { get; set; }
    public int FirstResponseWithin15m { get; set; }
    public int FirstResponseWithin1h { get; set; }
    public int FirstResponseWithin1d { get; set; }
    public int FirstResponseLater { get; set; }

    public Measures Measures => new(
        Conversations, ConversationsEngaged, ConversationsAnswered, VisitorMessages, AiReplies, HumanReplies, Handoffs, Leads,
        QualifiedLeads, ProposalsSent, ProposalsAccepted, ProposalRevenueCents, JobsCreated, Orders, OrderRevenueCents, AiCostMillicredits,
        new FirstResponseTimes(FirstResponseWithin10s, FirstResponseWithin30s, FirstResponseWithin1m, FirstResponseWithin5m,
            FirstResponseWithin15m, FirstResponseWithin1h, FirstResponseWithin1d, FirstResponseLater));

    public void Add(Measures m)
    {
        Conversations += m.Conversations;
        ConversationsEngaged += m.ConversationsEngaged;
        ConversationsAnswered += m.ConversationsAnswered;
        VisitorMessages += m.VisitorMessages;
        AiReplies += m.AiReplies;
        HumanReplies += m.HumanReplies;
        Handoffs += m.Handoffs;
        Leads += m.Leads;
        QualifiedLeads += m.QualifiedLeads;
        ProposalsSent += m.ProposalsSent;
        ProposalsAccepted += m.ProposalsAccepted;
        ProposalRevenueCents += m.ProposalRevenueCents;
        JobsCreated += m.JobsCreated;
        Orders += m.Orders;
        OrderRevenueCents += m.OrderRevenueCents;
        AiCostMillicredits += m.AiCostMillicredits;
        var f = m.FirstResponse;
        FirstResponseWithin10s += f.Within10s;
        FirstResponseWithin30s += f.Within30s;
        FirstResponseWithin1m += f.Within1m;
        FirstResponseWithin5m += f.Within5m;
        FirstResponseWithin15m += f.Within15m;
        FirstResponseWithin1h += f.Within1h;
        FirstResponseWithin1d += f.Within1d;
        FirstResponseLater += f.Later;
    }
}

internal sealed class DailyStatConfiguration : IEntityTypeConfiguration<DailyStat>
{
    public void Configure(EntityTypeBuilder<DailyStat> b)
    {
        // The period query reads a workspace's days; the aggregation replaces one day across workspaces.
        b.Ignore(s => s.Measures);
        b.HasIndex(s => new { s.WorkspaceId, s.Day });
        b.HasIndex(s => s.Day);
        b.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The calculator reads a day's conversations and messages by when they were written: without these indexes each
/// day it counts (and today's live numbers, on every page view) would scan every message there is.
/// </summary>
internal sealed class AnalyticsReadsConversationsByTime : IEntityTypeConfiguration<Conversation>, IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<Conversation> b) => b.HasIndex(c => c.CreatedAt);

    public void Configure(EntityTypeBuilder<ChatMessage> b) => b.HasIndex(m => m.CreatedAt);
}
